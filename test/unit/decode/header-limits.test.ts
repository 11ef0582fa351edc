// The header shapes that once ran for minutes or overflowed the stack end quickly: in a located
// HeaderLimitError, or parsed as C would (a macro is not expanded inside itself).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HeaderLimitError, StructRegistry } from '../../../extension/decode/index';

const parens = (n: number) => `${'('.repeat(n)}1${')'.repeat(n)}`;
const parse = (source: string) => new StructRegistry().addHeader('h.h', source);

test('3,000 nested parentheses in a #define, #if, enum value or array size: a located limit, not a stack overflow', () => {
  const shapes: [string, RegExp][] = [
    [`#define X ${parens(3000)}\n#if X\n#endif\n`, /^h\.h:1:\d+: cannot evaluate the #if condition: expression nested more than 256 levels deep/],
    [`#if ${parens(3000)}\n#endif\n`, /^h\.h:1:\d+: cannot evaluate the #if condition: expression nested more than 256 levels deep/],
    [`enum E { A = ${parens(3000)} };\n`, /^h\.h:1:\d+: expression nested more than 256 levels deep/],
    [`typedef struct { char a[${parens(3000)}]; } S;\n`, /^h\.h:1:\d+: expression nested more than 256 levels deep/],
  ];
  for (const [source, message] of shapes) assert.throws(() => parse(source), (err) => err instanceof HeaderLimitError && message.test(err.message), source.slice(0, 20));
});

test('a macro that doubles 40 times ends at the expansion budget, located', () => {
  let source = '#define A0 1\n';
  for (let i = 1; i <= 40; i++) source += `#define A${i} (A${i - 1}+A${i - 1})\n`;
  assert.throws(() => parse(`${source}#if A40\n#endif\n`), (err) => err instanceof HeaderLimitError && /^h\.h:\d+:\d+: cannot evaluate the #if condition: macros in #if conditions expand to more than 1000000 tokens/.test(err.message));
});

test('the 47-byte header that once ran for minutes is 0, as in C', () => {
  assert.deepEqual(parse('#define A (A+A+A+A+A+A+A+A+A+A)\n#if A\ntypedef struct { char a; } NO;\n#else\ntypedef struct { short b; } YES;\n#endif\n').structs, ['YES']);
});

test('20,000 nested #if 1 parse', () => {
  const summary = parse(`${'#if 1\n'.repeat(20000)}typedef struct { int a; } IN;\n${'#endif\n'.repeat(20000)}`);
  assert.deepEqual(summary.structs, ['IN']);
});
