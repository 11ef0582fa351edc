import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDecoderChoice, structOf } from '../../../extension/core/decoder-choice';

test('decoder names and their aliases', () => {
  const cases: [string, string][] = [
    ['auto', 'auto'], ['TEXT', 'text'], ['utf-8', 'text'], ['utf16', 'utf16'], ['UTF-16LE', 'utf16'],
    ['ansi', 'ansi'], ['windows-1252', 'ansi'], ['hex', 'hex'], [' struct:MS_MESSAGE ', 'struct:MS_MESSAGE'],
  ];
  for (const [input, choice] of cases) assert.equal(parseDecoderChoice(input), choice);
  assert.equal(structOf('struct:POINT'), 'POINT');
  assert.equal(structOf('hex'), undefined);
});

test('bad decoder names say what is accepted', () => {
  assert.throws(() => parseDecoderChoice('utf32'), /unknown decoder "utf32"; use auto, text, utf16, ansi, hex or struct:NAME/);
  assert.throws(() => parseDecoderChoice('struct:'), /struct:NAME needs a C struct name/);
  assert.throws(() => parseDecoderChoice('struct:a-b'), /struct:NAME needs a C struct name .* got "a-b"/);
});
