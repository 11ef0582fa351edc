import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WatcherEvent } from '../../../extension/core/backend';
import type { RawMessage } from '../../../extension/core/message';
import { SinkBatcher } from '../../../extension/core/sink-batcher';

/** A sink that keeps every batch it is handed. */
function recordingSink() {
  const batches: string[][] = [];
  const events: WatcherEvent[] = [];
  return {
    batches,
    events,
    sink: {
      messages: (batch: RawMessage[]) => batches.push(batch.map((m) => new TextDecoder().decode(m.bytes))),
      event: (event: WatcherEvent) => events.push(event),
    },
  };
}

function message(text: string): RawMessage {
  return { time: 0, direction: 'in', bytes: new TextEncoder().encode(text) };
}

test('messages pushed before the delivery runs reach the sink as one batch, in order', () => {
  const { batches, sink } = recordingSink();
  const scheduled: (() => void)[] = [];
  const batcher = new SinkBatcher(sink, (deliver) => scheduled.push(deliver));
  for (const text of ['a', 'b', 'c']) batcher.push(message(text));
  assert.equal(scheduled.length, 1, 'one delivery is scheduled for the whole batch');
  assert.deepEqual(batches, []);
  scheduled.shift()!();
  assert.deepEqual(batches, [['a', 'b', 'c']]);

  batcher.push(message('d'));
  assert.equal(scheduled.length, 1, 'the next push schedules the next delivery');
  scheduled.shift()!();
  assert.deepEqual(batches, [['a', 'b', 'c'], ['d']]);
});

test('flush delivers at once, and the delivery scheduled before it then has nothing to send', () => {
  const { batches, sink } = recordingSink();
  const scheduled: (() => void)[] = [];
  const batcher = new SinkBatcher(sink, (deliver) => scheduled.push(deliver));
  batcher.push(message('before stop'));
  batcher.flush();
  assert.deepEqual(batches, [['before stop']]);
  scheduled.shift()!();
  assert.deepEqual(batches, [['before stop']], 'no empty batch');
  batcher.flush();
  assert.deepEqual(batches, [['before stop']]);
});

test('with setImmediate, what arrives in one turn of the event loop is one batch', async () => {
  const { batches, sink } = recordingSink();
  const batcher = new SinkBatcher(sink, setImmediate);
  batcher.push(message('one'));
  batcher.push(message('two'));
  assert.deepEqual(batches, []);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(batches, [['one', 'two']]);
  batcher.push(message('three'));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(batches, [['one', 'two'], ['three']]);
});
