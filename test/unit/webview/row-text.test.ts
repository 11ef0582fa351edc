import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTime } from '../../../webview/row-text';

describe('row text', () => {
  it('formats local time with milliseconds', () => {
    const time = new Date(2026, 0, 2, 3, 4, 5, 67).getTime();
    assert.equal(formatTime(time), '03:04:05.067');
  });
});
