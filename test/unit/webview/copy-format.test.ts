import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesAsCArray, bytesAsHex, fieldsAsText } from '../../../webview/copy-format';

describe('copy as', () => {
  const bytes = Uint8Array.from({ length: 20 }, (_, i) => i * 13);

  it('hex: sixteen bytes a line', () => {
    assert.equal(bytesAsHex(bytes), '00 0d 1a 27 34 41 4e 5b 68 75 82 8f 9c a9 b6 c3\nd0 dd ea f7');
    assert.equal(bytesAsHex(new Uint8Array()), '');
  });

  it('C array: a declaration with the length, valid identifier', () => {
    const text = bytesAsCArray(bytes.subarray(0, 14), 'message 42');
    assert.equal(text, [
      'const unsigned char message_42[14] = {',
      '    0x00, 0x0d, 0x1a, 0x27, 0x34, 0x41, 0x4e, 0x5b, 0x68, 0x75, 0x82, 0x8f,',
      '    0x9c, 0xa9',
      '};',
    ].join('\n'));
    assert.match(bytesAsCArray(new Uint8Array([1]), '7up'), /^const unsigned char _7up\[1\] = \{\n    0x01\n\};$/);
  });

  it('C array: the bytes read back are the bytes written', () => {
    const text = bytesAsCArray(bytes, 'm');
    const back = [...text.matchAll(/0x([0-9a-f]{2})/g)].map((m) => parseInt(m[1], 16));
    assert.deepEqual(back, [...bytes]);
  });

  it('struct fields as text: offset, name, type, value, nested fields indented', () => {
    const text = fieldsAsText([
      { name: 'msg_id', type: 'DWORD', offset: 0, size: 4, value: 1, display: '0xaabbccdd' },
      {
        name: 'pt', type: 'POINT', offset: 4, size: 8, value: {}, display: '{…}',
        children: [
          { name: 'x', type: 'LONG', offset: 4, size: 4, value: 1, display: '1' },
          { name: 'y', type: 'LONG', offset: 8, size: 4, value: 2, display: '2' },
        ],
      },
    ]);
    assert.equal(text, ['0x0000  msg_id  DWORD  0xaabbccdd', '0x0004  pt  POINT  {…}', '0x0004    x  LONG  1', '0x0008    y  LONG  2'].join('\n'));
  });
});
