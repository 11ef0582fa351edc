import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BurstQueue, ENTRY_BYTES, SLICE } from '../../../extension/netbios/burst-queue';

/** A queue whose checks run when the test says (one event-loop turn each), recording what was handled. */
function queue(maxBytes?: number) {
  const handled: string[] = [];
  const runs: (() => void)[] = [];
  let deliveries = 0;
  const q = new BurstQueue(
    (d, address, port, time) => handled.push(`${d[0]}:${d.length} ${address}:${port} @${time}`),
    () => deliveries++,
    (run) => runs.push(run),
    maxBytes,
  );
  const turn = () => runs.splice(0).forEach((run) => run());
  /** Quiet turns until nothing waits. */
  const settle = () => {
    while (runs.length) turn();
  };
  return { q, handled, runs, turn, settle, deliveries: () => deliveries };
}

const datagram = (first: number, length = 1) => new Uint8Array(length).fill(first);

describe('BurstQueue', () => {
  it('decodes nothing while each turn brings datagrams, then the backlog in order at the first quiet turn', () => {
    const { q, handled, runs, turn, deliveries } = queue();
    for (let turns = 0; turns < 3; turns++) {
      for (let i = 0; i < 10; i++) q.push(datagram(turns * 10 + i), '10.0.0.1', 138, 1000 + turns * 10 + i);
      assert.equal(runs.length, 1, 'one check scheduled, not one per datagram');
      turn();
      assert.equal(handled.length, 0, 'the socket still delivers: nothing decoded yet');
    }
    turn();
    assert.deepEqual(handled, Array.from({ length: 30 }, (_, i) => `${i}:1 10.0.0.1:138 @${1000 + i}`));
    assert.equal(deliveries(), 1, 'the backlog is handed on together');
    assert.equal(runs.length, 0, 'nothing scheduled once empty');
  });

  it('a long backlog is decoded a slice per quiet turn', () => {
    const { q, handled, turn } = queue();
    for (let i = 0; i < 2 * SLICE + 5; i++) q.push(datagram(i & 0xff), 'a', 1, i);
    turn();
    turn();
    assert.equal(handled.length, SLICE);
    turn();
    turn();
    assert.equal(handled.length, 2 * SLICE + 5);
    assert.equal(q.length, 0);
  });

  it('copies each datagram in (the sender may reuse its buffer) and hands it over as it came, across chunks', () => {
    const { q, handled, settle } = queue();
    const reused = new Uint8Array(1000);
    // 600 datagrams of 1000 bytes fill more than two 256 KiB chunks.
    for (let i = 0; i < 600; i++) {
      reused.fill(i & 0xff);
      q.push(reused, 'a', 1, i);
    }
    settle();
    assert.deepEqual(handled, Array.from({ length: 600 }, (_, i) => `${i & 0xff}:1000 a:1 @${i}`));
    // Used again after emptying: new datagrams are not mixed with old ones.
    q.push(datagram(7, 3), 'b', 2, 9);
    settle();
    assert.equal(handled.at(-1), '7:3 b:2 @9');
  });

  it('drain decodes everything waiting at once (a stop loses nothing)', () => {
    const { q, handled, deliveries } = queue();
    for (let i = 0; i < 100; i++) q.push(datagram(i), 'a', 1, i);
    q.drain();
    assert.equal(handled.length, 100);
    assert.equal(q.length, 0);
    assert.equal(deliveries(), 1);
  });

  it('past its byte bound the oldest are decoded at once to make room: memory stays bounded and nothing is dropped', () => {
    const { q, handled } = queue(10 * (100 + ENTRY_BYTES));
    for (let i = 0; i < 15; i++) {
      q.push(datagram(i, 100), 'a', 1, i);
      assert.ok(q.length <= 10, `at most 10 waiting (${q.length} after ${i + 1})`);
    }
    assert.deepEqual(handled, Array.from({ length: 10 }, (_, i) => `${i}:100 a:1 @${i}`), 'the oldest went first (up to a slice), before any quiet turn');
    q.drain();
    assert.equal(handled.length, 15, 'every datagram decoded, none dropped');
  });
});
