import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexDump, hexRows, parseHex } from '../../../extension/decode/index';

test('hex rows: offset, hex and ASCII per row, last row short', () => {
  const bytes = Uint8Array.from({ length: 20 }, (_, i) => 0x3e + i);
  const rows = hexRows(bytes);
  assert.equal(rows.length, 2);
  assert.deepEqual(rows[0], { offset: 0, hex: '3e 3f 40 41 42 43 44 45 46 47 48 49 4a 4b 4c 4d', ascii: '>?@ABCDEFGHIJKLM' });
  assert.deepEqual(rows[1], { offset: 16, hex: '4e 4f 50 51', ascii: 'NOPQ' });
});

test('hex rows: any width; non-printable bytes as dots', () => {
  const rows = hexRows(Uint8Array.of(0, 0x41, 0x7f, 0x80, 0xff), 2);
  assert.deepEqual(rows.map((r) => [r.offset, r.hex, r.ascii]), [[0, '00 41', '.A'], [2, '7f 80', '..'], [4, 'ff', '.']]);
  assert.equal(hexRows(Uint8Array.of(1, 2, 3), 1).length, 3);
  assert.deepEqual(hexRows(new Uint8Array()), []);
});

test('hex rows: a width that is not a positive whole number is refused', () => {
  for (const w of [0, -1, 1.5, NaN]) assert.throws(() => hexRows(Uint8Array.of(1), w), /hex row width must be a whole number/);
});

test('hex dump: the last row is padded so the ASCII column lines up', () => {
  const dump = hexDump(Uint8Array.from('ABCDEFGHIJKLMNOPQR', (c) => c.charCodeAt(0)), 8).split('\n');
  assert.deepEqual(dump, [
    '00000000  41 42 43 44 45 46 47 48  |ABCDEFGH|',
    '00000008  49 4a 4b 4c 4d 4e 4f 50  |IJKLMNOP|',
    '00000010  51 52                    |QR|',
  ]);
});

test('parseHex: the forms people paste, and errors naming the bad part', () => {
  const expected = Uint8Array.of(0xdd, 0xcc, 0xbb, 0xaa);
  for (const text of ['ddccbbaa', 'dd cc bb aa', '0xdd,0xcc,0xbb,0xaa', 'DD:CC:BB:AA', ' dd-cc\nbbaa ']) assert.deepEqual(parseHex(text), expected);
  assert.deepEqual(parseHex(''), new Uint8Array());
  assert.throws(() => parseHex('dd zz'), /"z" is not a hex digit \(at character 4/);
  assert.throws(() => parseHex('abc'), /"abc" has an odd number of digits/);
});
