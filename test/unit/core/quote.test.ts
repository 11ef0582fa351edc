import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describePeer } from '../../../extension/core/peer-text';
import { displayName, QUOTED_LENGTH, quoteInput } from '../../../extension/core/quote';

test('quoteInput: short input as it is, in quotes; long input cut with its length said', () => {
  assert.equal(quoteInput('abc'), '"abc"');
  assert.equal(quoteInput('x'.repeat(QUOTED_LENGTH)), `"${'x'.repeat(QUOTED_LENGTH)}"`);
  assert.equal(quoteInput('y'.repeat(120_000)), `"${'y'.repeat(QUOTED_LENGTH)}…" (120,000 characters)`);
});

test('quoteInput and displayName escape controls, so a name cannot drive a terminal', () => {
  assert.equal(quoteInput('a\x1b[31mb\n'), '"a\\x1b[31mb\\n"');
  assert.equal(displayName('CoreFxPipe_evil\x1b]0;title\x07\u202e'), 'CoreFxPipe_evil\\x1b]0;title\\x07\\u202e');
  assert.equal(displayName('plain name'), 'plain name');
});

test('the one peer text (CLI lines, output channel, panel and its filter) escapes what other programs named', () => {
  assert.equal(describePeer({ name: 'EVIL\x1b[2J<00>', address: '10.0.0.5:138' }), '10.0.0.5:138 EVIL\\x1b[2J<00>');
  assert.equal(describePeer({ pid: 7, image: 'C:\\x\\a\x07.exe' }, 'brief'), 'pid 7 a\\x07.exe');
});
