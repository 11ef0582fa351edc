import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeUtf16le, decodeUtf8, decodeWindows1252, describeText } from '../../../extension/decode/text';

const bytes = (...b: number[]) => Uint8Array.from(b);
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

test('UTF-8: a trailing NUL (strlen+1 senders) is reported, not counted', () => {
  const t = decodeUtf8(ascii('Test String\0'));
  assert.equal(t.text, 'Test String');
  assert.equal(t.characters, 11);
  assert.equal(t.nulTerminated, true);
  assert.equal(t.padding, 0);
  assert.equal(describeText(t), '11 characters + NUL terminator');
});

test('UTF-8: NULs after the terminator are padding', () => {
  const t = decodeUtf8(ascii('ab\0\0\0'));
  assert.equal(t.text, 'ab');
  assert.equal(t.padding, 2);
  assert.equal(describeText(t), '2 characters + NUL terminator + 2 NUL padding');
});

test('UTF-8: control characters are escaped, tab/CR/LF kept', () => {
  const t = decodeUtf8(ascii('\x02Hello\x03\tA\r\n\x7f'));
  assert.equal(t.text, '\\x02Hello\\x03\tA\r\n\\x7f');
  assert.equal(t.controls, 3);
  assert.equal(t.invalid, 0);
});

test('UTF-8: multi-byte characters, and invalid bytes shown as \\xHH with a problem', () => {
  assert.equal(decodeUtf8(bytes(0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80)).text, 'é€😀');
  const bad = decodeUtf8(bytes(0x41, 0xff, 0xc3, 0x42, 0xe0, 0x80, 0x80, 0xed, 0xa0, 0x80));
  assert.equal(bad.text, 'A\\xff\\xc3B\\xe0\\x80\\x80\\xed\\xa0\\x80');
  assert.equal(bad.invalid, 8);
  assert.match(bad.problems[0], /8 byte\(s\) not valid UTF-8/);
});

test('UTF-8: a C1 control and bidi overrides are escaped', () => {
  assert.equal(decodeUtf8(bytes(0xc2, 0x85, 0x61, 0xe2, 0x80, 0xae)).text, '\\u0085a\\u202e');
});

test('UTF-16LE: wide strings with their NUL, surrogate pairs, lone surrogates', () => {
  const t = decodeUtf16le(bytes(0x48, 0, 0x69, 0, 0, 0));
  assert.equal(t.text, 'Hi');
  assert.equal(t.nulTerminated, true);
  assert.equal(t.asciiUnits, 2);
  assert.equal(decodeUtf16le(bytes(0x3d, 0xd8, 0x00, 0xde)).text, '😀');
  const lone = decodeUtf16le(bytes(0x3d, 0xd8, 0x41, 0x00));
  assert.equal(lone.text, '\\ud83dA');
  assert.equal(lone.invalid, 1);
});

test('UTF-16LE: an odd last byte is reported, not dropped silently', () => {
  const t = decodeUtf16le(bytes(0x41, 0, 0x42));
  assert.equal(t.text, 'A');
  assert.equal(t.leftoverByte, 0x42);
  assert.match(t.problems.join(), /odd length: the last byte \(0x42\)/);
});

test('Windows-1252: 0x80-0x9F are printable, undefined bytes escaped', () => {
  const t = decodeWindows1252(bytes(0x80, 0x93, 0x41, 0x94, 0xe9, 0x81, 0));
  assert.equal(t.text, '€“A”é\\x81');
  assert.equal(t.invalid, 1);
  assert.equal(t.nulTerminated, true);
});

test('empty input decodes to empty text in every encoding', () => {
  for (const f of [decodeUtf8, decodeUtf16le, decodeWindows1252]) {
    const t = f(new Uint8Array());
    assert.equal(t.text, '');
    assert.equal(t.characters, 0);
    assert.equal(t.nulTerminated, false);
  }
});
