import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RepeatFilter } from '../../../extension/netbios/repeat-filter';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('repeat filter', () => {
  test('the same source, id and bytes within the window is a repeat', () => {
    const filter = new RepeatFilter(2000);
    assert.equal(filter.isRepeat('10.0.0.1:138', 5, bytes(1, 2), 1000), false);
    assert.equal(filter.isRepeat('10.0.0.1:138', 5, bytes(1, 2), 1500), true);
    assert.equal(filter.isRepeat('10.0.0.2:138', 5, bytes(1, 2), 1500), false, 'another source');
    assert.equal(filter.isRepeat('10.0.0.1:138', 6, bytes(1, 2), 1500), false, 'another id');
    assert.equal(filter.isRepeat('10.0.0.1:138', 5, bytes(1, 3), 1600), false, 'same id, other bytes: a new datagram');
    assert.equal(filter.isRepeat('10.0.0.1:138', 5, bytes(1, 3), 1700), true);
  });

  test('after the window the same datagram counts again (ids wrap around)', () => {
    const filter = new RepeatFilter(2000);
    assert.equal(filter.isRepeat('a', 1, bytes(9), 0), false);
    assert.equal(filter.isRepeat('a', 1, bytes(9), 2001), false);
    assert.equal(filter.isRepeat('a', 1, bytes(9), 2002), true);
  });

  test('memory is bounded: the oldest entries go first', () => {
    const filter = new RepeatFilter(60_000, 100);
    for (let id = 0; id < 150; id++) assert.equal(filter.isRepeat('a', id, bytes(id & 0xff), 0), false);
    assert.equal(filter.isRepeat('a', 149, bytes(149), 1), true, 'a recent one is remembered');
    assert.equal(filter.isRepeat('a', 0, bytes(0), 1), false, 'the oldest was forgotten');
  });
});
