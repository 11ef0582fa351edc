// Who wrote a chat line: the NetBIOS source name of a datagram, else the `name: text` convention of a
// Windows mailslot line; controls in either are shown, never obeyed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineOf } from '../../../extension/chat/mailslot-chat';

const bytes = (text: string) => new TextEncoder().encode(text);

test('a datagram names its sender; a mailslot line names itself, or is from nobody known', () => {
  assert.deepEqual(lineOf({ time: 1, direction: 'in', bytes: bytes('hello'), peer: { name: 'ALICE<00>', address: '10.0.0.2:138' } }), { time: 1, from: 'ALICE', text: 'hello' });
  assert.deepEqual(lineOf({ time: 2, direction: 'in', bytes: bytes('bob: hi there: all\0') }), { time: 2, from: 'bob', text: 'hi there: all' });
  assert.deepEqual(lineOf({ time: 3, direction: 'in', bytes: bytes('no name here\r\n') }), { time: 3, from: '?', text: 'no name here' });
});

test('terminal escape sequences from the network are shown escaped', () => {
  const line = lineOf({ time: 1, direction: 'in', bytes: bytes('\x1b]0;owned\x07: \x1b[2Jboo'), peer: undefined });
  assert.equal(line.from, '\\x1b]0;owned\\x07');
  assert.equal(line.text, '\\x1b[2Jboo');
});
