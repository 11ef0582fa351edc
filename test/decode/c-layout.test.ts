/**
 * The C cross-check: Slotpipe's layout of the structs in test/fixtures/headers and of its built-in
 * structs must match what real compilers produce, field by field. A generated C program prints sizeof, _Alignof and, for every field
 * path (nested members, first and last array elements), offsetof and sizeof. It is built with
 * mingw-w64 and run under Wine (Windows x64, the layout Slotpipe implements) and with the host gcc
 * (Linux x86_64: identical except where LP64 differs from Windows' LLP64, i.e. `long` and `wchar_t`).
 * Built-in MS_MESSAGE is compiled from Slotpipe's own copy of the seed's ms_protocol.h; built-in GUID,
 * FILETIME and SYSTEMTIME are compared with mingw-w64's <windows.h> (gcc compiles Slotpipe's text).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StructRegistry, type CType, type StructLayout } from '../../extension/decode/index';
import { MS_PROTOCOL_HEADER, WINDOWS_CONSTANTS_HEADER, WINDOWS_STRUCTS_HEADER } from '../../extension/decode/builtins';
import { sizeOf } from '../../extension/decode/layout';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'test/fixtures/headers');
const fixtureFiles = ['windows-types.h', 'packing.h', 'nested.h', 'lp64.h'];
/** Headers in the order the program includes them: the seed's protocol, then the fixtures. */
function headerSources(): { name: string; text: string }[] {
  return [{ name: 'ms_protocol.h', text: MS_PROTOCOL_HEADER }, ...fixtureFiles.map((f) => ({ name: f, text: fs.readFileSync(path.join(fixtures, f), 'utf8') }))];
}
const WINDOWS_STRUCTS = ['GUID', 'FILETIME', 'SYSTEMTIME'];
/** Built-in constants, compared with the Windows SDK headers of mingw-w64. */
const WINDOWS_CONSTANTS = [...WINDOWS_CONSTANTS_HEADER.matchAll(/#define (\w+)/g)].map((m) => m[1]);
/** Structs that use `long`/`wchar_t`: Windows-sized by Slotpipe, so only Windows compilers agree. */
const LLP64_ONLY = new Set(['LP64_MIX']);

function onPath(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).status === 0;
}

const WINE_DIR = '/usr/lib/wine';
const hasGcc = onPath('gcc');
const hasMingw = onPath('x86_64-w64-mingw32-gcc');
const hasWine = fs.existsSync(path.join(WINE_DIR, 'wine64'));

/** What Slotpipe makes of the headers, plus its built-in Windows structs. */
function loadLayouts(): StructLayout[] {
  const registry = new StructRegistry();
  for (const h of headerSources()) registry.addHeader(h.name, h.text);
  const builtins = StructRegistry.withBuiltins();
  return [...registry.names().map((n) => registry.get(n)!), ...WINDOWS_STRUCTS.map((n) => builtins.get(n)!)];
}

/** Every field path worth checking: members, nested members, first and last elements of arrays. */
function paths(type: CType, prefix: string, out: { path: string; offset: number; size: number }[], offset: number): void {
  if (type.kind === 'struct') {
    for (const f of type.layout.fields) {
      const p = prefix ? `${prefix}.${f.name}` : f.name;
      out.push({ path: p, offset: offset + f.offset, size: f.size });
      paths(f.type, p, out, offset + f.offset);
    }
  } else if (type.kind === 'array') {
    const elementSize = sizeOf(type.element);
    for (const k of new Set([0, type.length - 1])) {
      const p = `${prefix}[${k}]`;
      out.push({ path: p, offset: offset + k * elementSize, size: elementSize });
      paths(type.element, p, out, offset + k * elementSize);
    }
  }
}

/** What Slotpipe says, in the program's output format. */
function expectedLines(layouts: StructLayout[]): Map<string, string[]> {
  const byStruct = new Map<string, string[]>();
  for (const layout of layouts) {
    const lines = [`S ${layout.name} ${layout.size} ${layout.align}`];
    const out: { path: string; offset: number; size: number }[] = [];
    paths({ kind: 'struct', layout }, '', out, 0);
    for (const p of out) lines.push(`F ${layout.name} ${p.path} ${p.offset} ${p.size}`);
    byStruct.set(layout.name, lines);
  }
  return byStruct;
}

/** The C program that prints the same lines from the compiler's own knowledge; headers are in `dir`. */
function program(layouts: StructLayout[], prelude: string, dir: string, constants: string[]): string {
  const body = constants.map((name) => `  printf("C ${name} %lld\\n", (long long)(${name}));`);
  for (const layout of layouts) {
    const t = layout.cName;
    body.push(`  printf("S ${layout.name} %lu %lu\\n", (unsigned long)sizeof(${t}), (unsigned long)_Alignof(${t}));`);
    const out: { path: string; offset: number; size: number }[] = [];
    paths({ kind: 'struct', layout }, '', out, 0);
    for (const p of out) {
      body.push(`  printf("F ${layout.name} ${p.path} %lu %lu\\n", (unsigned long)offsetof(${t}, ${p.path}), (unsigned long)sizeof(((${t} *)0)->${p.path}));`);
    }
  }
  const headers = headerSources();
  for (const h of headers) fs.writeFileSync(path.join(dir, h.name), h.text);
  return [
    prelude,
    '#include <stdio.h>',
    '#include <stddef.h>',
    ...headers.map((h) => `#include "${h.name}"`),
    'int main(void) {',
    '  printf("T long %lu\\n", (unsigned long)sizeof(long));',
    ...body,
    '  return 0;',
    '}',
    '',
  ].join('\n');
}

interface CompilerView {
  /** Per struct: its S line and F lines. */
  lines: Map<string, string[]>;
  /** The values of the constants asked for, by name. */
  constants: Map<string, string>;
  long: number;
}

function compileAndRun(compiler: string, prelude: string, exe: string, run: (exe: string, out: string) => void, constants: string[] = []): CompilerView {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `slotpipe-decode-clayout-${process.pid}-`));
  try {
    const layouts = loadLayouts();
    const source = path.join(dir, 'layout.c');
    fs.writeFileSync(source, program(layouts, prelude, dir, constants));
    const binary = path.join(dir, exe);
    const cc = spawnSync(compiler, ['-std=c11', '-O0', '-o', binary, source], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(cc.status, 0, `${compiler} failed:\n${cc.stderr}`);
    const output = path.join(dir, 'out.txt');
    run(binary, output);
    const lines = new Map<string, string[]>();
    const values = new Map<string, string>();
    let long = 0;
    for (const line of fs.readFileSync(output, 'utf8').split(/\r?\n/).filter(Boolean)) {
      const [kind, name] = line.split(' ');
      if (kind === 'T') long = Number(line.split(' ')[2]);
      else if (kind === 'C') values.set(name, line.split(' ')[2]);
      else lines.set(name, [...(lines.get(name) ?? []), line]);
    }
    return { lines, constants: values, long };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Output and errors go to files, not pipes: a wineserver started by the run inherits them and lingers
 * after the program exits, and a pipe would keep this call waiting until it does.
 */
function runTo(command: string, args: string[], output: string, env: NodeJS.ProcessEnv): void {
  const out = fs.openSync(output, 'w');
  const errors = `${output}.err`;
  const err = fs.openSync(errors, 'w');
  try {
    const r = spawnSync(command, args, { stdio: ['ignore', out, err], env, timeout: 300_000 });
    assert.equal(r.status, 0, `${command} ${args.join(' ')} failed (${r.status ?? r.signal}): ${fs.readFileSync(errors, 'utf8')}`);
  } finally {
    fs.closeSync(out);
    fs.closeSync(err);
  }
}

test('the headers define the structs the cross-check covers', () => {
  const names = loadLayouts().map((l) => l.name);
  for (const name of ['MS_MESSAGE', 'GUID', 'SYSTEMTIME', 'ALL_TYPES', 'PACK_ONE', 'PACK_NAMED_INNER', 'HOLDS_PACKED', 'SHAPE', 'tagged_list', 'LP64_MIX']) {
    assert.ok(names.includes(name), `${name} missing from ${names.join(', ')}`);
  }
});

test('layouts match mingw-w64 x86_64 run under Wine (Windows x64), field by field', {
  skip: !hasMingw ? 'x86_64-w64-mingw32-gcc is not installed (apt: mingw-w64)' : !hasWine ? 'Wine is not installed (apt: wine64)' : false,
  timeout: 600_000,
}, () => {
  const prefix = path.join(root, '.cache/wine/prefix');
  const env: NodeJS.ProcessEnv = { ...process.env, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=', PATH: `${WINE_DIR}:${process.env.PATH}` };
  // The project's private prefix when set up (scripts/setup/wine.mjs); Wine's default one otherwise.
  if (fs.existsSync(path.join(prefix, 'system.reg'))) env.WINEPREFIX = prefix;
  delete env.DISPLAY;
  const prelude = '#include <winsock2.h>\n#include <ws2tcpip.h>\n#include <windows.h>\n#include <lmcons.h>\n#include <stdint.h>';
  const result = compileAndRun('x86_64-w64-mingw32-gcc', prelude, 'layout.exe', (exe, out) => runTo('wine64', [exe], out, env), WINDOWS_CONSTANTS);
  assert.equal(result.long, 4, 'Windows x64 is LLP64: long is 4 bytes');
  const builtins = StructRegistry.withBuiltins();
  assert.deepEqual(Object.fromEntries(result.constants), Object.fromEntries(WINDOWS_CONSTANTS.map((n) => [n, String(builtins.constant(n))])));
  const expected = expectedLines(loadLayouts());
  assert.deepEqual([...result.lines.keys()].sort(), [...expected.keys()].sort());
  for (const [name, lines] of expected) assert.deepEqual(result.lines.get(name), lines, `layout of ${name}`);
  // Not a vacuous pass: every struct contributed its size line and its field lines.
  for (const [name, lines] of expected) assert.ok(lines.length > 1 && result.lines.get(name)!.length === lines.length, name);
});

test('layouts match the host gcc (Linux x86_64), except where LP64 differs from Windows', {
  skip: hasGcc ? false : 'gcc is not installed',
  timeout: 120_000,
}, () => {
  // No <windows.h> here: the built-in Windows structs are compiled from Slotpipe's own text.
  const prelude = `${fs.readFileSync(path.join(import.meta.dirname, 'windows-types-gcc.h'), 'utf8')}\n${WINDOWS_STRUCTS_HEADER}`;
  const result = compileAndRun('gcc', prelude, 'layout', (exe, out) => runTo(exe, [], out, process.env));
  const expected = expectedLines(loadLayouts());
  assert.deepEqual([...result.lines.keys()].sort(), [...expected.keys()].sort());
  for (const [name, lines] of expected) {
    if (LLP64_ONLY.has(name)) {
      // Linux makes long 8 and wchar_t 4 bytes; Slotpipe decodes Windows messages, so it must differ here.
      assert.equal(result.long, 8, 'this gcc is LP64');
      assert.notDeepEqual(result.lines.get(name), lines, `${name} should differ under LP64`);
    } else {
      assert.deepEqual(result.lines.get(name), lines, `layout of ${name}`);
    }
  }
});
