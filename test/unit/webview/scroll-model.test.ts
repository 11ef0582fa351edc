import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SCROLL_HEIGHT, scrollLayout, scrollTopFor, topRowAt } from '../../../webview/scroll-model';

describe('scroll model', () => {
  it('is plain arithmetic while the content fits', () => {
    assert.deepEqual(scrollLayout(1000, 20, 400), { contentHeight: 20_000, visibleRows: 21 });
    assert.equal(topRowAt(2000, 1000, 20, 400), 100);
    assert.equal(scrollTopFor(100, 1000, 20, 400), 2000);
  });

  it('caps a million rows and still reaches the first and the last row', () => {
    const rows = 1_000_000;
    const { contentHeight } = scrollLayout(rows, 22, 440);
    assert.equal(contentHeight, MAX_SCROLL_HEIGHT);
    assert.equal(topRowAt(0, rows, 22, 440), 0);
    assert.equal(topRowAt(contentHeight - 440, rows, 22, 440), rows - 20);
    assert.equal(topRowAt(contentHeight * 10, rows, 22, 440), rows - 20);
  });

  it('round-trips rows to scroll positions', () => {
    for (const rows of [50, 10_000, 1_000_000, 5_000_000]) {
      for (const row of [0, 7, Math.floor(rows / 2), rows - 30]) {
        assert.ok(Math.abs(topRowAt(scrollTopFor(row, rows, 22, 440), rows, 22, 440) - row) < 1e-6, `${row} of ${rows}`);
      }
    }
  });

  it('lands on the aimed row when the browser rounds scrollTop to whole pixels', () => {
    const rows = 1_000_100;
    for (const row of [999_758, 123_457, 1]) {
      assert.equal(Math.floor(topRowAt(Math.round(scrollTopFor(row, rows, 22, 440)), rows, 22, 440)), row);
    }
  });

  it('stays at the top when everything fits', () => {
    assert.equal(topRowAt(50, 5, 22, 440), 0);
    assert.equal(scrollTopFor(3, 5, 22, 440), 0);
  });
});
