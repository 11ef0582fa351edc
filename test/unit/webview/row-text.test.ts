import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describePeer, formatTime } from '../../../webview/row-text';

describe('row text', () => {
  it('formats local time with milliseconds', () => {
    const time = new Date(2026, 0, 2, 3, 4, 5, 67).getTime();
    assert.equal(formatTime(time), '03:04:05.067');
  });

  it('describes pipe clients by pid and image name, datagrams by address and NetBIOS name', () => {
    assert.equal(describePeer({ pid: 4242, image: 'C:\\Tools\\client.exe' }), '4242 client.exe');
    assert.equal(describePeer({ address: '10.0.0.5:138', name: 'HOST<00>' }), '10.0.0.5:138 HOST<00>');
    assert.equal(describePeer(undefined), '');
    assert.equal(describePeer({ connection: 3 }), '');
  });
});
