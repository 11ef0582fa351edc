import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RepeatFilter } from '../../../extension/netbios/repeat-filter';

const bytes = (...b: number[]) => Uint8Array.from(b);
const A = 0x0a000001; // 10.0.0.1
const B = 0x0a000002;
/** Asks about a datagram whose bytes are all of `data`. */
const seen = (filter: RepeatFilter, address: number, id: number, data: Uint8Array, now: number, port = 138) =>
  filter.isRepeatFrom(address, port, id, data, 0, data.length, now);

describe('repeat filter', () => {
  test('the same source, id and bytes within the window is a repeat', () => {
    const filter = new RepeatFilter(2000);
    assert.equal(seen(filter, A, 5, bytes(1, 2), 1000), false);
    assert.equal(seen(filter, A, 5, bytes(1, 2), 1500), true);
    assert.equal(seen(filter, B, 5, bytes(1, 2), 1500), false, 'another address');
    assert.equal(seen(filter, A, 5, bytes(1, 2), 1500, 139), false, 'another port');
    assert.equal(seen(filter, A, 6, bytes(1, 2), 1500), false, 'another id');
    assert.equal(seen(filter, A, 5, bytes(1, 3), 1600), false, 'same id, other bytes: a new datagram');
    assert.equal(seen(filter, A, 5, bytes(1, 3), 1700), true);
  });

  test('bytes are compared where they lie in a shared buffer', () => {
    const filter = new RepeatFilter(2000);
    const slab = bytes(0, 0, 7, 8, 9, 0, 7, 8, 9, 7, 8);
    assert.equal(filter.isRepeatFrom(A, 138, 1, slab, 2, 3, 0), false);
    assert.equal(filter.isRepeatFrom(A, 138, 1, slab, 6, 3, 1), true, 'the same three bytes elsewhere');
    assert.equal(filter.isRepeatFrom(A, 138, 1, slab, 9, 2, 2), false, 'a shorter datagram is another one');
  });

  test('after the window the same datagram counts again (ids wrap around)', () => {
    const filter = new RepeatFilter(2000);
    assert.equal(seen(filter, A, 1, bytes(9), 0), false);
    assert.equal(seen(filter, A, 1, bytes(9), 2001), false);
    assert.equal(seen(filter, A, 1, bytes(9), 2002), true);
  });

  test('memory is bounded: the oldest entries go first', () => {
    const filter = new RepeatFilter(60_000, 100);
    for (let id = 0; id < 150; id++) assert.equal(seen(filter, A, id, bytes(id & 0xff), 0), false);
    assert.equal(seen(filter, A, 149, bytes(149), 1), true, 'a recent one is remembered');
    assert.equal(seen(filter, A, 0, bytes(0), 1), false, 'the oldest was forgotten');
  });
});
