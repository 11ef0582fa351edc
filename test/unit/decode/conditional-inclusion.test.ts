import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeaderError } from '../../../extension/decode/header-error';
import { StructRegistry } from '../../../extension/decode/registry';

function sizes(...headers: string[]): Record<string, number> {
  const r = new StructRegistry();
  headers.forEach((h, i) => r.addHeader(`h${i}.h`, h));
  return Object.fromEntries(r.names().map((n) => [n, r.get(n)!.size]));
}

test('#ifdef/#ifndef/#else follow what MSVC for Windows x64 defines', () => {
  assert.deepEqual(sizes(`
    #ifdef _WIN64
    typedef ULONGLONG PTR_T;
    #else
    typedef DWORD PTR_T;
    #endif
    #ifndef __cplusplus
    typedef struct { PTR_T p; } HOLDER;
    #endif
    #if defined(_M_X64) && _MSC_VER >= 1900 && !defined(UNKNOWN_THING)
    typedef struct { BYTE b; } NEW_COMPILER;
    #elif 1
    typedef struct { BYTE b; } NOT_THIS;
    #endif
  `), { HOLDER: 8, NEW_COMPILER: 1 });
});

test('#if 0 hides code; #elif and nested groups; unknown names are 0', () => {
  assert.deepEqual(sizes(`
    #define VERSION 2
    #if 0
    this is not C at all {
    #elif VERSION >= 2
      #if UNDEFINED_NAME
      typedef struct { BYTE a; } WRONG;
      #else
      typedef struct { WORD a; } V2;
      #endif
    #else
    typedef struct { DWORD a; } V1;
    #endif
  `), { V2: 2 });
});

test('include guards and names defined in earlier headers count', () => {
  assert.deepEqual(sizes('#ifndef G\n#define G\n#define USE_WIDE\ntypedef struct { BYTE a; } ONCE;\n#endif', '#ifdef USE_WIDE\ntypedef struct { WCHAR w[4]; } TEXTS;\n#endif\n#ifndef G\n#error G should be defined\n#endif'), { ONCE: 1, TEXTS: 8 });
});

test('unbalanced groups and active #error are located errors', () => {
  const error = (source: string) => {
    try {
      new StructRegistry().addHeader('c.h', source);
    } catch (err) {
      assert.ok(err instanceof HeaderError);
      return err.message;
    }
    assert.fail('expected an error');
  };
  assert.equal(error('\n#ifdef X\nstruct a { int b; };'), 'c.h:2:1: #ifdef without #endif');
  assert.equal(error('#endif'), 'c.h:1:1: #endif without #if');
  assert.equal(error('#else'), 'c.h:1:1: #else without #if');
  assert.equal(error('#ifndef _WIN32\n#else\n#error "x64 only"\n#endif'), 'c.h:3:1: #error "x64 only"');
  assert.match(error('#if (1 +\n#endif'), /^c.h:1:\d+: cannot evaluate the #if condition/);
});

test('an #if group takes one #else, last: #else or #elif after it is refused at its line', () => {
  assert.throws(() => new StructRegistry().addHeader('c.h', '#if 1\n#else\n#else\n#endif'), { message: 'c.h:3:1: #else after #else (the #else of this #if is at line 2)' });
  assert.throws(() => new StructRegistry().addHeader('c.h', '#if 0\n#else\n#elif 1\n#endif'), { message: 'c.h:3:1: #elif after #else (the #else of this #if is at line 2)' });
  // Inside a group that is not compiled the rule holds too, and nested groups have their own #else.
  assert.throws(() => new StructRegistry().addHeader('c.h', '#if 0\n#if 1\n#else\n#else\n#endif\n#endif'), { message: /^c\.h:4:1: #else after #else/ });
  assert.deepEqual(sizes('#if 0\n#if 1\n#else\n#endif\n#else\ntypedef struct { BYTE a; } ONE;\n#endif'), { ONE: 1 });
});

test('&& and || do not evaluate the side that cannot change the result, as in C', () => {
  assert.deepEqual(sizes('#if 0 && 1/0\n#error evaluated\n#endif\n#if 1 || (1 << 999)\ntypedef struct { BYTE a; } KEPT;\n#endif\n#if defined(NOPE) && NOPE / 0 > 1\n#error no\n#endif'), { KEPT: 1 });
  assert.throws(() => new StructRegistry().addHeader('c.h', '#if 1 && 1/0\n#endif'), { message: /^c\.h:1:11: cannot evaluate the #if condition: division by zero/ });
});

test('macros in #if expand through long chains and are not expanded inside themselves', () => {
  let chain = '#define M0 2\n';
  for (let i = 1; i <= 40; i++) chain += `#define M${i} M${i - 1}\n`;
  assert.deepEqual(sizes(`${chain}#if M40 == 2\ntypedef struct { DWORD a; } DEEP;\n#endif`), { DEEP: 4 });
  // C leaves a macro's own name alone inside its expansion; an unexpanded name in #if is 0.
  assert.deepEqual(sizes('#define A (A + 1)\n#if A == 1\ntypedef struct { WORD a; } SELF;\n#endif'), { SELF: 2 });
});
