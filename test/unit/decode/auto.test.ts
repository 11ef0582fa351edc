import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autoDecode } from '../../../extension/decode/auto';
import { StructRegistry } from '../../../extension/decode/registry';
import { encodeStruct } from '../../../extension/decode/struct-encode';

const registry = StructRegistry.withBuiltins();
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

test('a struct whose size and magic match is chosen, and the reason says so', () => {
  const v = autoDecode(encodeStruct(registry.get('MS_MESSAGE')!, { port: '1' }), registry);
  assert.equal(v.decoder, 'struct:MS_MESSAGE');
  assert.equal(v.reason, 'auto: 32 bytes and msg_id = 0xaabbccdd (MS_MESSAGE_ID) match MS_MESSAGE (the comment of msg_id names MS_MESSAGE_ID)');
});

test('the magic with a different size still picks the struct, and says the size differs', () => {
  const v = autoDecode(Uint8Array.of(0xdd, 0xcc, 0xbb, 0xaa, 0x41), registry);
  assert.equal(v.decoder, 'struct:MS_MESSAGE');
  assert.match(v.reason, /but the message is 5 bytes and MS_MESSAGE is 32/);
  assert.equal(v.problems.length, 1);
});

test('32 bytes without the magic are not MS_MESSAGE', () => {
  assert.equal(autoDecode(new Uint8Array(32).fill(1), registry).decoder, 'hex');
});

test('a struct from a later header wins over a built-in one with the same magic', () => {
  const r = StructRegistry.withBuiltins();
  r.addHeader('mine.h', '#define MY_MSG_ID 0xaabbccdd\ntypedef struct { DWORD id; BYTE body[28]; } MY_MSG;');
  assert.equal(autoDecode(encodeStruct(r.get('MY_MSG')!, {}), r).decoder, 'struct:MY_MSG');
});

test('UTF-16LE when it clearly is: ASCII as wide characters', () => {
  const v = autoDecode(Uint8Array.from(Buffer.from('Hello wide\0', 'utf16le')), registry);
  assert.equal(v.decoder, 'utf16');
  assert.equal(v.text, 'Hello wide');
  assert.equal(v.nulTerminated, true);
  assert.match(v.reason, /^auto: wide characters/);
});

test('8-bit text of even length is not mistaken for UTF-16', () => {
  const v = autoDecode(ascii('Test String\0'), registry);
  assert.equal(v.decoder, 'text');
  assert.equal(v.summary, 'Test String\\0');
  assert.equal(v.reason, 'auto: printable text: UTF-8, 11 characters + NUL terminator');
  assert.equal(autoDecode(ascii('ABCD'), registry).decoder, 'text');
});

test('text with a little framing is text with the controls escaped', () => {
  const v = autoDecode(ascii('\x02Hello\x03'), registry);
  assert.equal(v.decoder, 'text');
  assert.equal(v.text, '\\x02Hello\\x03');
  assert.match(v.reason, /with 2 control character\(s\), shown escaped/);
});

test('not UTF-8 but printable in the ANSI code page', () => {
  const v = autoDecode(Uint8Array.of(0x93, 0x63, 0x61, 0x66, 0xe9, 0x94), registry);
  assert.equal(v.decoder, 'ansi');
  assert.equal(v.text, '“café”');
});

test('binary is hex, with the reason', () => {
  const v = autoDecode(Uint8Array.of(1, 0, 0, 0, 2, 0, 0, 0), registry);
  assert.equal(v.decoder, 'hex');
  assert.match(v.reason, /^auto: binary \(not printable as UTF-16LE, UTF-8 or Windows-1252; no registered struct's magic matches the first bytes 01 00 00 00\): 8 bytes$/);
  assert.equal(v.summary, '8 bytes: 01 00 00 00 02 00 00 00');
});

test('an empty message is empty text', () => {
  const v = autoDecode(new Uint8Array(), registry);
  assert.deepEqual([v.decoder, v.text, v.reason], ['text', '', 'auto: empty message: UTF-8, 0 characters']);
});

test('long messages: judged on their start, confirmed on the whole', () => {
  const long = ascii('x'.repeat(5000) + '\x01'.repeat(600));
  assert.equal(autoDecode(long, registry).decoder, 'hex', 'printable start, binary end: not text');
  const text = autoDecode(ascii('é'.repeat(10) + 'y'.repeat(5000)), registry);
  assert.equal(text.decoder, 'ansi');
  const utf8 = autoDecode(Uint8Array.from(Buffer.from('€'.repeat(3000))), registry);
  assert.deepEqual([utf8.decoder, utf8.text?.length], ['text', 3000]);
  const binary = autoDecode(new Uint8Array(70000).fill(1), registry);
  assert.equal(binary.decoder, 'hex');
  assert.match(binary.text!, /\n… 65904 more bytes$/);
});

test('two printable characters are text, not ANSI', () => {
  assert.deepEqual([autoDecode(ascii('Hi\0'), registry).decoder, autoDecode(ascii('Hi\0'), registry).text], ['text', 'Hi']);
});
