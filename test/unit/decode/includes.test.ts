/** `#include`: beside the including file, then the include path; the SDK's headers; guards, #pragma once, cycles, missing files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeaderError, HeaderLimitError } from '../../../extension/decode/header-error';
import { filesFromMap } from '../../../extension/decode/includes';
import { registryFor } from '../../../extension/decode/header-set';
import { StructRegistry } from '../../../extension/decode/registry';

function load(files: Record<string, string>, main: string, includePath: string[] = []): StructRegistry {
  const registry = StructRegistry.withBuiltins();
  registry.addHeader(main, files[main], filesFromMap(new Map(Object.entries(files)), includePath));
  return registry;
}

function failure(files: Record<string, string>, main: string, includePath: string[] = []): HeaderError {
  try {
    load(files, main, includePath);
  } catch (err) {
    if (err instanceof HeaderError) return err;
    throw err;
  }
  throw new Error('expected the header to be refused');
}

test('"x.h" beside the including file first, then along the include path; <windows.h> stands for the SDK types', () => {
  const files = {
    '/proj/proto/msg.h': '#include <windows.h>\n#include "common.h"\n#include "shared.h"\ntypedef struct { HDR h; SHARED s; LARGE_INTEGER when; } MSG;',
    '/proj/proto/common.h': '#ifndef COMMON_H\n#define COMMON_H\ntypedef struct { DWORD magic; WORD kind; } HDR; // from proto/\n#endif',
    '/proj/common.h': 'typedef struct { BYTE wrong; } HDR;',
    '/proj/shared/shared.h': '#pragma once\n#include "../proto/common.h"\ntypedef struct { HDR inner; } SHARED;',
  };
  const r = load(files, '/proj/proto/msg.h', ['/proj', '/proj/shared']);
  assert.equal(r.get('HDR')!.size, 8);
  assert.equal(r.get('HDR')!.origin, '/proj/proto/common.h:3');
  assert.equal(r.get('MSG')!.size, 24);
  assert.deepEqual(r.get('MSG')!.fields.map((f) => f.offset), [0, 8, 16]);
});

test('include guards and #pragma once read a file once, also across the headers of one set', () => {
  const files = {
    'a.h': '#include "once.h"\n#include "once.h"\n#include "guarded.h"\n#include "guarded.h"\ntypedef struct { ONCE o; GUARDED g; } A;',
    'b.h': '#include "once.h"\n#include "guarded.h"\ntypedef struct { ONCE o; } B;',
    'once.h': '#pragma once\ntypedef struct { BYTE b; } ONCE;',
    'guarded.h': '#ifndef GUARDED_H\n#define GUARDED_H\ntypedef struct { WORD w; } GUARDED;\n#endif',
  };
  const { registry, problems } = registryFor({
    headers: [{ fileName: 'a.h', source: files['a.h'] }, { fileName: 'b.h', source: files['b.h'] }],
    included: Object.entries(files).map(([path, source]) => ({ path, source })),
    includePath: [],
    defines: [],
  }, 'x64');
  assert.deepEqual(problems, []);
  assert.deepEqual(['A', 'B', 'ONCE', 'GUARDED'].map((n) => registry.get(n)?.size), [4, 1, 1, 2]);
});

test('a missing file, a cycle and too deep includes are errors at the #include', () => {
  const missing = failure({ 'dir/m.h': 'typedef int X;\n  #include "nope.h"' }, 'dir/m.h', ['inc']);
  assert.equal(missing.message, 'dir/m.h:2:3: cannot find "nope.h" (looked for dir/nope.h, inc/nope.h); add its folder to the include path');
  assert.match(failure({ 'm.h': '#include <atlbase2.h>' }, 'm.h').message, /^m.h:1:1: cannot find <atlbase2.h>: no include path is set/);
  const cycle = failure({ 'a.h': '#include "b.h"\n', 'b.h': '\n#include "a.h"\n' }, 'a.h');
  assert.equal(cycle.message, 'b.h:2:1: include cycle: a.h → b.h → a.h → b.h → a.h (an include guard or #pragma once would stop it)');
  assert.match(failure({ 'm.h': '#include\n' }, 'm.h').message, /^m.h:1:1: expected "file.h" or <file.h> after #include/);
  // Every file including the next: bounded depth, not a stack overflow.
  const chain: Record<string, string> = {};
  for (let k = 0; k < 200; k++) chain[`f${k}.h`] = `#include "f${k + 1}.h"`;
  chain['f200.h'] = 'typedef struct { BYTE b; } END;';
  const deep = failure(chain, 'f0.h');
  assert.ok(deep instanceof HeaderLimitError);
  assert.match(deep.message, /^f63.h:1:1: includes nested more than 64 files deep$/);
});

test('errors inside an included file name that file, line and column', () => {
  const err = failure({ 'main.h': '#include "bad.h"', 'bad.h': 'typedef struct {\n  DWORD x : 40;\n} BAD;' }, 'main.h');
  assert.equal(err.message, 'bad.h:2:13: bit field x is 40 bits wide, more than the 32 bits of DWORD');
  const skipped = StructRegistry.withBuiltins().addHeader('main.h', '#include "f.h"', filesFromMap(new Map([['f.h', 'void Start(void);']])));
  assert.deepEqual(skipped.skipped, ['f.h:1: void Start ( void ) ; (not a type or constant)']);
});

test('a guarded file is not read again once its guard is defined; a guard with an #else is no guard', () => {
  const big = `#ifndef BIG_H\n#define BIG_H\n${Array.from({ length: 3000 }, (_, k) => `typedef struct { DWORD a${k}; WORD b${k} : 3; } S${k};`).join('\n')}\n#endif\n`;
  const many = '#include "big.h"\n'.repeat(2000) + 'typedef struct { S2999 last; } MANY;';
  const r = load({ 'many.h': many, 'big.h': big }, 'many.h');
  assert.equal(r.get('MANY')!.size, 8);
  const files = {
    'm.h': '#include "g.h"\n#include "g.h"\n',
    'g.h': '#ifndef G_H\n#define G_H\ntypedef struct { BYTE b; } FIRST;\n#else\ntypedef struct { WORD w; } SECOND;\n#endif\n',
  };
  assert.deepEqual(['FIRST', 'SECOND'].map((n) => load(files, 'm.h').get(n)?.size), [1, 2]);
  // Without a guard, the budget of tokens read through includes ends it at a located error.
  const defines = Array.from({ length: 3000 }, (_, k) => `#define D${k} ${k}`).join('\n');
  const unguarded = failure({ 'u.h': '#include "d.h"\n'.repeat(2000), 'd.h': defines }, 'u.h');
  assert.ok(unguarded instanceof HeaderLimitError);
  assert.equal(unguarded.message, 'u.h:1333:1: includes read more than 4000000 tokens in this header');
});
