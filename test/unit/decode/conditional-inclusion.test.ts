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
