// Headers are parsed on a worker thread with a time and a memory budget; what exceeds one is reported
// and left out, the rest still parse. The worker is bundled as the product build bundles it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as esbuild from 'esbuild';
import { parseHeadersOffThread } from '../../../extension/header-thread/parse-headers';

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-header-worker-'));
const workerFile = path.join(out, 'header-worker.js');
before(async () => {
  const entry = path.resolve(import.meta.dirname, '../../../extension/header-thread/header-worker.ts');
  await esbuild.build({ entryPoints: { 'header-worker': entry }, outdir: out, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
});
after(() => fs.rmSync(out, { recursive: true, force: true }));
const ascii = (text: string) => new TextEncoder().encode(text);
const generous = { milliseconds: 60_000, heapMegabytes: 512 };

test('headers parse in order on the worker; a broken one is reported with its location and left out', async () => {
  const parsed = await parseHeadersOffThread([
    { fileName: 'a.h', bytes: ascii('#define N 3\ntypedef struct { DWORD id; BYTE tag[N]; } A;\n') },
    { fileName: 'broken.h', bytes: ascii('typedef struct { NOPE x; } B;\n') },
    // Saved by Visual Studio as "Unicode": UTF-16LE with its byte order mark.
    { fileName: 'wide.h', bytes: Uint8Array.from([0xff, 0xfe, ...Buffer.from('typedef struct { WORD w[N]; } C;\n', 'utf16le')]) },
  ], generous, workerFile);
  assert.deepEqual(parsed.outcomes.map((o) => o.problem ?? o.summary.structs.join()), ['A', 'broken.h:1:18: unknown type "NOPE" (not a Windows or C type Slotpipe knows, and not typedef\'d earlier)', 'C']);
  assert.equal(parsed.registry.get('A')?.size, 8);
  assert.equal(parsed.registry.get('C')?.size, 6);
  assert.equal(parsed.registry.get('MS_MESSAGE')?.size, 32, 'the built-ins come along');
  assert.equal(parsed.outcomes[2].source, 'typedef struct { WORD w[N]; } C;\n', 'the text the panel gets is decoded');
});

test('a run over the time budget names the header and leaves it out, never waits for it', async () => {
  // No worker starts in a millisecond, so every header in turn is over budget.
  const parsed = await parseHeadersOffThread([{ fileName: 'slow.h', bytes: ascii('typedef struct { int a; } S;') }], { milliseconds: 1, heapMegabytes: 512 }, workerFile);
  assert.equal(parsed.outcomes[0].problem, 'slow.h: parsing took longer than 0.001 s (the time budget) and was stopped; it is left out');
  assert.equal(parsed.registry.get('S'), undefined);
});

test('a header that needs more memory than the budget is left out; the headers after it still parse', async () => {
  const huge = 'typedef struct { DWORD a; } H0;\n'.repeat(1) + Array.from({ length: 200_000 }, (_, i) => `typedef struct _H${i + 1} { DWORD a; WORD b; } H${i + 1};`).join('\n');
  const parsed = await parseHeadersOffThread([
    { fileName: 'huge.h', bytes: ascii(huge) },
    { fileName: 'small.h', bytes: ascii('typedef struct { int a; } SMALL;') },
  ], { milliseconds: 60_000, heapMegabytes: 16 }, workerFile);
  assert.match(parsed.outcomes[0].problem ?? '', /^huge\.h: parsing needed more than 16 MB \(the memory budget\) and was stopped; it is left out$/);
  assert.equal(parsed.registry.get('SMALL')?.size, 4);
});

test('the worker follows #include from disk along the include path, lays out for the target and per header, and hands back what it read', async () => {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-includes-'));
  try {
    fs.mkdirSync(path.join(project, 'shared'));
    fs.writeFileSync(path.join(project, 'shared', 'common.h'), '#pragma once\ntypedef struct { HANDLE owner; WORD kind : 4; } HDR;\n');
    const main = path.join(project, 'proto.h');
    fs.writeFileSync(main, '#include <windows.h>\n#include "common.h"\ntypedef struct { HDR h; SIZE_T n; } MSG;\n');
    const bytes = fs.readFileSync(main);
    const parsed = await parseHeadersOffThread([
      { fileName: 'proto.h', path: main, bytes },
      { fileName: 'old.h', path: path.join(project, 'old.h'), arch: 'x86', bytes: ascii('typedef struct { void *p; SIZE_T n; } OLD;') },
    ], generous, workerFile, { includePath: [path.join(project, 'shared')], arch: 'arm64' });
    assert.deepEqual(parsed.outcomes.map((o) => o.problem ?? o.summary.structs.join()), ['HDR,MSG', 'OLD']);
    assert.equal(parsed.registry.arch, 'arm64');
    assert.deepEqual([parsed.registry.get('HDR')?.size, parsed.registry.get('MSG')?.size, parsed.registry.get('OLD')?.size], [16, 24, 8]);
    assert.deepEqual(parsed.included, [{ path: path.join(project, 'shared', 'common.h'), source: fs.readFileSync(path.join(project, 'shared', 'common.h'), 'utf8') }]);
    const defined = await parseHeadersOffThread([{ fileName: 't.h', bytes: ascii('#if LEVEL > 1\ntypedef struct { TCHAR t[2]; } T;\n#endif') }], generous, workerFile, { defines: ['UNICODE', 'LEVEL=2'] });
    assert.equal(defined.registry.get('T')?.size, 4, 'UNICODE and LEVEL come from slotpipe.defines');
    const missing = await parseHeadersOffThread([{ fileName: 'proto.h', path: main, bytes }], generous, workerFile);
    assert.match(missing.outcomes[0].problem ?? '', /proto\.h:2:1: cannot find "common\.h" \(looked for .*common\.h\); add its folder to the include path$/);
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
});
