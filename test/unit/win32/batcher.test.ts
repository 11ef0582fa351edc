import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { Batcher, STAMP_EVERY } from '../../../extension/win32/batcher';
import type { MessageBatch } from '../../../extension/win32/worker-protocol';

function batcher(): { batcher: Batcher; batches: MessageBatch[] } {
  const batches: MessageBatch[] = [];
  return { batcher: new Batcher((batch) => batches.push(batch)), batches };
}

test('a batch reads the clock for its first message and again every STAMP_EVERY messages', async () => {
  const { batcher: b, batches } = batcher();
  const count = STAMP_EVERY * 2 + 1;
  const before = Date.now();
  for (let i = 0; i < count; i++) {
    b.add(new Uint8Array([i]));
    // Long enough for the clock to move between one reading and the next.
    if (i % STAMP_EVERY === STAMP_EVERY - 1) await sleep(3);
  }
  b.flush();
  const times = [...batches[0].times];
  assert.equal(times.length, count);
  assert.ok(times[0] >= before);
  for (let i = 1; i < count; i++) {
    if (i % STAMP_EVERY) assert.equal(times[i], times[i - 1], `message ${i} shares its reading`);
    else assert.ok(times[i] > times[i - 1], `message ${i} reads the clock again`);
  }
});

test('the first message after a flush (a wait) carries a fresh time', async () => {
  const { batcher: b, batches } = batcher();
  b.add(new Uint8Array([1]));
  b.flush();
  await sleep(5);
  const before = Date.now();
  b.add(new Uint8Array([2]));
  b.flush();
  assert.equal(batches.length, 2);
  assert.ok(batches[1].times[0] >= before, 'not the reading of the batch before');
  assert.deepEqual([...new Uint8Array(batches[1].data)], [2]);
});
