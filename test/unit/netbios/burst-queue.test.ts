import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BurstQueue, SLICE } from '../../../extension/netbios/burst-queue';

/** A queue whose slices run when the test says, recording what was handled. */
function queue(maxBytes?: number) {
  const handled: string[] = [];
  const runs: (() => void)[] = [];
  const q = new BurstQueue<Uint8Array>((d, address, port, time) => handled.push(`${d[0]} ${address}:${port} @${time}`), (run) => runs.push(run), maxBytes);
  const turn = () => runs.splice(0).forEach((run) => run());
  return { q, handled, runs, turn };
}

describe('BurstQueue', () => {
  it('handles datagrams in order, a slice per turn, with their address, port and arrival time', () => {
    const { q, handled, runs, turn } = queue();
    for (let i = 0; i < 3 * SLICE; i++) q.push(Uint8Array.of(i), '10.0.0.1', 138, 1000 + i);
    assert.equal(runs.length, 1, 'one slice scheduled, not one per datagram');
    turn();
    assert.equal(handled.length, SLICE, 'a burst is taken in, not decoded all at once');
    turn();
    turn();
    assert.deepEqual(handled, Array.from({ length: 3 * SLICE }, (_, i) => `${i} 10.0.0.1:138 @${1000 + i}`));
    assert.equal(runs.length, 0, 'nothing scheduled once empty');
  });

  it('drain handles everything waiting at once (a stop loses nothing)', () => {
    const { q, handled } = queue();
    for (let i = 0; i < 100; i++) q.push(Uint8Array.of(i), 'a', 1, i);
    q.drain();
    assert.equal(handled.length, 100);
    assert.equal(q.length, 0);
  });

  it('past its byte bound a datagram is counted as dropped, and room comes back as it drains', () => {
    const { q, turn } = queue(10 * 100);
    let taken = 0;
    for (let i = 0; i < 15; i++) if (q.push(new Uint8Array(100), 'a', 1, i)) taken++;
    assert.equal(taken, 10);
    assert.equal(q.dropped, 5);
    turn();
    assert.ok(q.push(new Uint8Array(100), 'a', 1, 99), 'a slice freed room');
  });
});
