import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHex, toHex } from '../../../extension/core/hex';

test('hex in the forms people paste', () => {
  assert.deepEqual([...parseHex('aabbccdd')], [0xaa, 0xbb, 0xcc, 0xdd]);
  assert.deepEqual([...parseHex('AA BB\nCC')], [0xaa, 0xbb, 0xcc]);
  assert.deepEqual([...parseHex('aa:bb-cc')], [0xaa, 0xbb, 0xcc]);
  assert.deepEqual([...parseHex('0xaa, 0xbb')], [0xaa, 0xbb]);
  assert.deepEqual([...parseHex('')], []);
  assert.equal(toHex(parseHex('00 7f 80 ff')), '007f80ff');
});

test('odd digits and non-hex characters are refused with the place named', () => {
  assert.throws(() => parseHex('abc'), /"abc" has an odd number of digits/);
  assert.throws(() => parseHex('aa b cc'), /"b" has an odd number/);
  assert.throws(() => parseHex('aazz'), /"z" is not a hex digit \(at character 3/);
});

test('toHex of 50 MB: every byte value, two digits each (built in one buffer, not digit by digit)', () => {
  const bytes = new Uint8Array(50 * 1024 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = i & 255;
  const hex = toHex(bytes);
  assert.equal(hex.length, 2 * bytes.length);
  assert.equal(hex.slice(0, 512), Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0')).join(''));
  assert.equal(hex.slice(-4), 'feff');
});
