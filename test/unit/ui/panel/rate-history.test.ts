import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RATE_SECONDS } from '../../../../extension/core/panel-protocol';
import { RateHistory } from '../../../../extension/ui/panel/rate-history';

describe('RateHistory', () => {
  it('counts messages per second, oldest first, ending at now', () => {
    const rates = new RateHistory();
    const t0 = 1_700_000_000_000;
    rates.add(t0 + 100);
    rates.add(t0 + 900);
    rates.addBatch(Array.from({ length: 5 }, () => ({ time: t0 + 1_500 })));
    const series = rates.series(t0 + 2_000);
    assert.equal(series.length, RATE_SECONDS);
    assert.deepEqual(series.slice(-3), [2, 5, 0]);
    assert.equal(series.reduce((a, b) => a + b, 0), 7);
  });

  it('forgets seconds that left the window, and ignores too old messages', () => {
    const rates = new RateHistory();
    const t0 = 1_700_000_000_000;
    rates.add(t0, 3);
    assert.equal(rates.series(t0 + (RATE_SECONDS - 1) * 1000)[0], 3);
    assert.equal(rates.series(t0 + RATE_SECONDS * 1000).reduce((a, b) => a + b, 0), 0);
    rates.add(t0, 4);
    assert.equal(rates.series(t0 + RATE_SECONDS * 1000).reduce((a, b) => a + b, 0), 0);
    assert.equal(rates.series(t0 + 10 * RATE_SECONDS * 1000).length, RATE_SECONDS);
  });
});
