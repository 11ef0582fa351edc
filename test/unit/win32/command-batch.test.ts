import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommandOutbox, readCommands, type OutgoingWrite } from '../../../extension/win32/command-batch';
import { LARGE_MESSAGE, type WorkerCommand } from '../../../extension/win32/worker-protocol';

/** What the worker reads back from a batch, as plain values. */
function unpack(outbox: CommandOutbox) {
  const read: { type: string; id?: number; connection?: number; bytes?: number[] }[] = [];
  readCommands(outbox.take(), (c: WorkerCommand) =>
    read.push(c.type === 'stop' ? { type: 'stop' } : { type: 'write', id: c.id, connection: c.connection, bytes: [...c.bytes] }));
  return read;
}

test('writes come out in order with their ids, connections and bytes; the stop after them', () => {
  const outbox = new CommandOutbox();
  outbox.add({ id: 1, bytes: Uint8Array.of(1, 2, 3) });
  outbox.add({ id: 2, connection: 7, bytes: new Uint8Array(0) });
  outbox.stop();
  outbox.add({ id: 2 ** 40, bytes: Uint8Array.of(9) });
  assert.equal(outbox.empty, false);
  assert.deepEqual(unpack(outbox), [
    { type: 'write', id: 1, connection: undefined, bytes: [1, 2, 3] },
    { type: 'write', id: 2, connection: 7, bytes: [] },
    { type: 'write', id: 2 ** 40, connection: undefined, bytes: [9] },
    { type: 'stop' },
  ]);
  assert.equal(outbox.empty, true, 'taking a batch empties the outbox');
  assert.deepEqual(unpack(outbox), [], 'and the next turn starts afresh');
});

test('bytes are copied when the write is made: the caller may change its buffer at once', () => {
  const outbox = new CommandOutbox();
  const buffer = Uint8Array.of(1);
  const first: OutgoingWrite = { id: 1, bytes: buffer };
  outbox.add(first);
  buffer[0] = 2;
  const second: OutgoingWrite = { id: 2, bytes: buffer };
  outbox.add(second);
  buffer[0] = 3;
  assert.deepEqual(unpack(outbox).map((c) => c.bytes), [[1], [2]]);
  assert.deepEqual([[...first.bytes], [...second.bytes]], [[1], [2]], 'each write keeps its own bytes for the log');
  assert.notEqual(first.bytes.buffer, buffer.buffer);
});

test('a large write keeps a buffer of its own; small ones share one; many bytes in one turn grow the staging', () => {
  const outbox = new CommandOutbox();
  const large: OutgoingWrite = { id: 1, bytes: new Uint8Array(LARGE_MESSAGE).fill(5) };
  const smalls: OutgoingWrite[] = Array.from({ length: 300 }, (_, i) => ({ id: 2 + i, bytes: new Uint8Array(100).fill(i % 256) }));
  outbox.add(large);
  for (const w of smalls) outbox.add(w);
  const read = unpack(outbox);
  assert.equal(read.length, 301);
  assert.ok(read[0].bytes!.every((b) => b === 5) && read[0].bytes!.length === LARGE_MESSAGE);
  smalls.forEach((w, i) => {
    assert.deepEqual(read[1 + i].bytes, new Array(100).fill(i % 256));
    assert.ok(w.bytes.every((b) => b === i % 256), `write ${i} keeps its bytes`);
  });
  assert.equal(large.bytes.byteOffset, 0);
  assert.equal(large.bytes.buffer.byteLength, LARGE_MESSAGE, 'the large write is alone in its buffer');
  assert.equal(smalls[0].bytes.buffer, smalls[299].bytes.buffer, 'the small writes of a turn share one copy');
});
