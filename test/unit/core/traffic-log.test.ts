import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RawMessage, TrafficMessage } from '../../../extension/core/message';
import { TrafficLog } from '../../../extension/core/traffic-log';

const raw = (n: number): RawMessage => ({ time: 1000 + n, direction: 'in', bytes: new Uint8Array([n & 0xff, 1, 2]) });
const batch = (from: number, count: number) => Array.from({ length: count }, (_, i) => raw(from + i));

test('numbers messages from 1 and keeps them in order', () => {
  const log = new TrafficLog(10);
  const logged = log.append('w1', '\\\\.\\mailslot\\a', batch(0, 3));
  assert.deepEqual(logged.map((m) => m.seq), [1, 2, 3]);
  assert.equal(log.get(2)?.bytes[0], 1);
  assert.equal(log.get(2)?.endpoint, '\\\\.\\mailslot\\a');
  assert.deepEqual(log.stats(), { count: 3, lastSeq: 3, firstSeq: 1, total: 3, dropped: 0, capacity: 10, bytes: 9, maxBytes: Infinity });
});

test('a full ring keeps the newest and counts every dropped message, per watcher too', () => {
  const log = new TrafficLog(5);
  log.append('a', 'x', batch(0, 4));
  log.append('b', 'y', batch(4, 4));
  const stats = log.stats();
  assert.equal(stats.count, 5);
  assert.equal(stats.dropped, 3);
  assert.equal(stats.firstSeq, 4);
  assert.equal(log.get(3), undefined);
  assert.deepEqual(log.range(0, 100).map((m) => m.seq), [4, 5, 6, 7, 8]);
  assert.equal(log.watcherCounters('a').dropped, 3);
  assert.equal(log.watcherCounters('a').messages, 4);
  assert.equal(log.watcherCounters('b').dropped, 0);
  assert.equal(stats.count + stats.dropped, stats.total, 'every message is either held or counted as dropped');
});

test('listeners see every message, also those later dropped from the ring', () => {
  const log = new TrafficLog(2);
  const seen: TrafficMessage[] = [];
  const off = log.onAppend((b) => seen.push(...b));
  log.append('a', 'x', batch(0, 5));
  assert.equal(seen.length, 5);
  off();
  log.append('a', 'x', batch(5, 1));
  assert.equal(seen.length, 5);
});

test('range clamps to what is held', () => {
  const log = new TrafficLog(100);
  log.append('a', 'x', batch(0, 10));
  assert.deepEqual(log.range(8, 5).map((m) => m.seq), [8, 9, 10]);
  assert.deepEqual(log.range(11, 5), []);
  assert.deepEqual(log.range(3, 0), []);
});

test('clear forgets rows but seq keeps counting', () => {
  const log = new TrafficLog(10);
  log.append('a', 'x', batch(0, 3));
  log.clear();
  assert.equal(log.stats().count, 0);
  assert.equal(log.get(3), undefined);
  assert.deepEqual(log.append('a', 'x', batch(3, 1)).map((m) => m.seq), [4]);
  assert.equal(log.stats().dropped, 0);
});

test('resize keeps the newest and counts the rest as dropped', () => {
  const log = new TrafficLog(10);
  log.append('a', 'x', batch(0, 8));
  log.resize(3);
  assert.deepEqual(log.range(0, 10).map((m) => m.seq), [6, 7, 8]);
  assert.equal(log.stats().dropped, 5);
  log.append('a', 'x', batch(8, 2));
  assert.deepEqual(log.range(0, 10).map((m) => m.seq), [8, 9, 10]);
  assert.equal(log.stats().dropped, 7);
  log.resize(50);
  assert.deepEqual(log.range(0, 10).map((m) => m.seq), [8, 9, 10]);
});

test('capacity must be a positive whole number', () => {
  assert.throws(() => new TrafficLog(0), /positive integer/);
  assert.throws(() => new TrafficLog(2.5), /positive integer/);
});

test('peer, flags, direction and wire bytes come back as they went in', () => {
  const log = new TrafficLog(3);
  const peer = { pid: 42, image: 'C:\\app.exe', connection: 7 };
  log.append('w', 'e', [
    { time: 5, direction: 'out', bytes: new Uint8Array([9]), peer, flags: 4, wire: new Uint8Array([1, 2, 3]) },
    { time: 6, direction: 'in', bytes: new Uint8Array([]) },
  ]);
  const [first, second] = log.range(1, 2);
  assert.deepEqual({ ...first, bytes: [...first.bytes], wire: [...first.wire!] }, {
    seq: 1, time: 5, watcherId: 'w', endpoint: 'e', direction: 'out', bytes: [9], peer, flags: 4, wire: [1, 2, 3],
  });
  assert.equal(second.bytes.length, 0, 'zero-length messages are kept');
  assert.equal(second.peer, undefined);
  assert.equal(second.wire, undefined);
});

test('bytes survive many ring turns and large messages', () => {
  const log = new TrafficLog(50);
  for (let i = 0; i < 2000; i++) {
    const size = i % 97 === 0 ? 5 * 1024 * 1024 : (i % 300) + 1;
    const bytes = new Uint8Array(size).fill(i & 0xff);
    log.append('w', 'e', [{ time: i, direction: 'in', bytes }]);
  }
  for (const message of log.range(0, 50)) {
    const i = message.time;
    assert.equal(message.bytes.length, i % 97 === 0 ? 5 * 1024 * 1024 : (i % 300) + 1);
    assert.ok(message.bytes.every((b) => b === (i & 0xff)), `message ${i} intact`);
  }
});

test('a message that is a part of its wire datagram is stored once, inside the stored wire', () => {
  const log = new TrafficLog(2);
  for (let i = 0; i < 5; i++) {
    const wire = new Uint8Array(40).map((_, j) => i * 40 + j);
    log.append('w', 'e', [{ time: i, direction: 'in', bytes: wire.subarray(28, 38), wire, flags: 4 }]);
  }
  for (const message of log.range(0, 2)) {
    const i = message.time;
    assert.deepEqual([...message.bytes], Array.from({ length: 10 }, (_, j) => (i * 40 + 28 + j) & 0xff));
    assert.equal(message.wire!.length, 40);
    assert.equal(message.bytes.buffer, message.wire!.buffer, 'one stored copy');
    assert.equal(message.bytes.byteOffset, message.wire!.byteOffset + 28);
  }
  const copied = new TrafficLog(1);
  const wire = new Uint8Array([1, 2, 3]);
  copied.append('w', 'e', [{ time: 0, direction: 'in', bytes: new Uint8Array([9]), wire }]);
  assert.deepEqual([...copied.get(1)!.bytes], [9], 'bytes outside the wire are stored on their own');
});

test('unshared messages are kept without a copy (small ones in the buffer they share), shared ones are copied', () => {
  const log = new TrafficLog(10);
  const large = new Uint8Array(64 * 1024).fill(3);
  // A worker's batch: small messages end to end in one buffer that nobody writes again.
  const batch = new Uint8Array(200).fill(4, 0, 100).fill(6, 100);
  const shared = new Uint8Array(64 * 1024).fill(5);
  log.append('w', 'e', [
    { time: 0, direction: 'in', bytes: large, unshared: true },
    { time: 1, direction: 'in', bytes: batch.subarray(0, 100), unshared: true },
    { time: 1, direction: 'in', bytes: batch.subarray(100), unshared: true },
    { time: 2, direction: 'in', bytes: shared },
  ]);
  assert.equal(log.get(1)!.bytes.buffer, large.buffer);
  assert.equal(log.get(2)!.bytes.buffer, batch.buffer);
  assert.equal(log.get(3)!.bytes.buffer, batch.buffer);
  assert.deepEqual([log.get(2)!.bytes[99], log.get(3)!.bytes[0], log.get(3)!.bytes.length], [4, 6, 100]);
  assert.equal(log.stats().bytes, 64 * 1024 + 200 + 64 * 1024, 'the batch counts what its messages hold');
  const part = new Uint8Array(new ArrayBuffer(64 * 1024), 0, 40 * 1024);
  const before = log.stats().bytes;
  log.append('w', 'e', [{ time: 3, direction: 'in', bytes: part, unshared: true }]);
  assert.equal(log.stats().bytes - before, 64 * 1024, 'a kept large buffer counts whole against the byte limit');
  assert.notEqual(log.get(4)!.bytes.buffer, shared.buffer);
  shared.fill(0);
  assert.equal(log.get(4)!.bytes[0], 5, 'the log does not see later writes to bytes it was not given');
});

test('a byte limit drops the oldest to make room, counts them, and always keeps the newest', () => {
  const log = new TrafficLog(100, 1000);
  const sized = (n: number, size: number): RawMessage => ({ time: n, direction: 'in', bytes: new Uint8Array(size).fill(n) });
  log.append('w', 'e', [sized(1, 400), sized(2, 400)]);
  log.append('w', 'e', [sized(3, 400)]);
  assert.deepEqual(log.range(0, 10).map((m) => m.time), [2, 3]);
  assert.equal(log.stats().bytes, 800);
  assert.equal(log.stats().dropped, 1);
  assert.equal(log.watcherCounters('w').dropped, 1);
  log.append('w', 'e', [sized(4, 5000)]);
  assert.deepEqual(log.range(0, 10).map((m) => m.time), [4], 'a message over the limit is kept alone');
  assert.equal(log.get(4)!.bytes.length, 5000);
  const wire = new Uint8Array(300);
  log.append('w', 'e', [{ time: 5, direction: 'in', bytes: wire.subarray(28, 128), wire }, { time: 6, direction: 'in', bytes: new Uint8Array(100), wire: new Uint8Array(300) }]);
  assert.deepEqual(log.range(0, 10).map((m) => [m.time, m.bytes.length]), [[5, 100], [6, 100]]);
  assert.equal(log.stats().bytes, 300 + 400, 'a message inside its wire counts once');
  log.resize(100, 500);
  assert.deepEqual(log.range(0, 10).map((m) => m.time), [6], 'a smaller limit drops the oldest');
  assert.equal(log.stats().bytes, 400);
  assert.throws(() => new TrafficLog(10, 0), /byte limit must be positive/);
});

test('frozen wires are kept in the buffer they lie in, shared by their messages, and come back byte for byte', () => {
  const log = new TrafficLog(4);
  const slab = new Uint8Array(4096);
  const messages: RawMessage[] = [];
  for (let i = 0; i < 6; i++) {
    const wire = slab.subarray(i * 40, i * 40 + 40);
    wire.forEach((_, j) => (wire[j] = (i * 40 + j) & 0xff));
    messages.push({ time: i, direction: 'in', bytes: wire.subarray(28, 38), wire, flags: 4, wireFrozen: true });
  }
  log.append('w', 'e', messages);
  const held = log.range(0, 10);
  assert.deepEqual(held.map((m) => m.time), [2, 3, 4, 5], 'the ring still drops the oldest');
  for (const message of held) {
    const i = message.time;
    assert.equal(message.wire!.buffer, slab.buffer, 'no copy of the wire');
    assert.equal(message.wire!.byteOffset, i * 40);
    assert.deepEqual([...message.wire!], Array.from({ length: 40 }, (_, j) => (i * 40 + j) & 0xff));
    assert.deepEqual([...message.bytes], Array.from({ length: 10 }, (_, j) => (i * 40 + 28 + j) & 0xff));
  }
  assert.equal(log.stats().bytes, 4 * 40, 'each counts its wire');
  log.resize(2);
  assert.deepEqual(log.range(0, 10).map((m) => [...m.wire!]), [5, 6].map((i) => Array.from({ length: 40 }, (_, j) => ((i - 1) * 40 + j) & 0xff)), 'a resize keeps them intact');
});
