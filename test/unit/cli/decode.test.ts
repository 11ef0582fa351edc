/**
 * `slotpipe decode` as people run it: the CLI bundled the way esbuild.mjs bundles it (into a private
 * folder, so other builds of dist/ are not disturbed), run with node.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { loadStructRegistry } from '../../../extension/cli/decode';
import { buildPayload } from '../../../extension/cli/payload';
import { UsageError } from '../../../extension/cli/args';

const root = path.resolve(import.meta.dirname, '../../..');
const headers = path.join(root, 'test/fixtures/headers');
let dir = '';
let cli = '';

before(async () => {
  fs.mkdirSync(path.join(root, '.cache'), { recursive: true });
  dir = fs.mkdtempSync(path.join(root, '.cache', 'test-decode-cli-'));
  cli = path.join(dir, 'cli.js');
  await esbuild.build({
    entryPoints: [path.join(root, 'extension/cli.ts')],
    outfile: cli,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', 'koffi', '@koromix/*'],
    logLevel: 'error',
  });
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function slotpipe(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const MS_MESSAGE_HEX = 'dd cc bb aa 31 30 2e 30 2e 30 2e 35 00 00 00 00 00 00 00 00 00 00 00 00 0a 00 00 05 88 13 00 00';

test('decode is listed in slotpipe --help and has its own --help', () => {
  assert.match(slotpipe('--help').out, /^\s+decode\s+decode bytes as text, hex or a C struct/m);
  const help = slotpipe('decode', '--help');
  assert.equal(help.code, 0);
  assert.match(help.out, /--decode D {5}auto \(default\)/);
});

test('an MS_MESSAGE is recognised and printed as a field table', () => {
  const r = slotpipe('decode', '--hex', MS_MESSAGE_HEX);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trimEnd().split('\n');
  assert.match(lines[0], /^struct:MS_MESSAGE: auto: 32 bytes and msg_id = 0xaabbccdd \(MS_MESSAGE_ID\) match MS_MESSAGE/);
  assert.deepEqual(lines.slice(1).map((l) => l.trim().split(/\s+/).slice(0, 3)), [
    ['+0', 'msg_id', 'DWORD'], ['+4', 'ipStr', 'char[20]'], ['+24', 'ip', 'DWORD'], ['+28', 'port', 'UINT'],
  ]);
  assert.match(lines[3], /10\.0\.0\.5 \(network order\) \| 5\.0\.0\.10 \(host order\) \| raw 0x0500000a$/);
});

test('--json: {decoder, reason, fields} for structs, {decoder, text} for text', () => {
  const s = JSON.parse(slotpipe('decode', '--hex', MS_MESSAGE_HEX, '--json').out);
  assert.equal(s.decoder, 'struct:MS_MESSAGE');
  assert.equal(typeof s.reason, 'string');
  assert.deepEqual(s.fields.map((f: Record<string, unknown>) => Object.keys(f)), new Array(4).fill(['name', 'type', 'offset', 'size', 'value', 'display']));
  assert.deepEqual(s.fields.map((f: { value: unknown }) => f.value), [0xaabbccdd, '10.0.0.5', 0x0500000a, 5000]);
  const t = JSON.parse(slotpipe('decode', '--hex', '48 69 00', '--json').out);
  assert.deepEqual([t.decoder, t.text, t.nulTerminated], ['text', 'Hi', true]);
  const h = JSON.parse(slotpipe('decode', '--decode', 'hex', '--hex', '00ff', '--json').out);
  assert.deepEqual([h.decoder, h.hex], ['hex', '00000000  00 ff                                            |..|']);
});

test('--header adds structs; --decode struct:NAME picks one; --file reads the bytes', () => {
  const file = path.join(dir, 'point.bin');
  fs.writeFileSync(file, Uint8Array.of(0xff, 0xff, 2, 0));
  const r = slotpipe('decode', '--header', path.join(headers, 'nested.h'), '--decode', 'struct:POINT2', '--file', file, '--json');
  assert.equal(r.code, 0, r.err);
  const view = JSON.parse(r.out);
  assert.equal(view.decoder, 'struct:POINT2');
  assert.deepEqual(view.fields.map((f: { name: string; value: unknown }) => [f.name, f.value]), [['x', -1], ['y', 2]]);
});

test('a message shorter than the struct is decoded as far as it goes, with the problem shown', () => {
  const r = slotpipe('decode', '--decode', 'struct:MS_MESSAGE', '--hex', 'dd cc bb aa 31 32');
  assert.equal(r.code, 0);
  assert.match(r.out, /^! message is 6 bytes, MS_MESSAGE is 32: missing ipStr \(2 of 20 bytes\), ip, port$/m);
});

test('usage errors exit 2 and name the problem', () => {
  const cases: [string[], RegExp][] = [
    [['decode', '--hex', 'zz'], /--hex: "z" is not a hex digit/],
    [['decode'], /decode: give the bytes with --hex or --file/],
    [['decode', '--hex', '00', '--file', 'x'], /decode: give only one of --hex or --file/],
    [['decode', '--decode', 'struct:NOPE', '--hex', '00'], /no struct named NOPE; known: MS_MESSAGE, GUID, FILETIME, SYSTEMTIME/],
    [['decode', '--decode', 'utf32', '--hex', '00'], /--decode: unknown decoder "utf32"/],
    [['decode', '--file', path.join(dir, 'missing.bin')], /--file .*missing\.bin: cannot read it \(ENOENT\)/],
    [['decode', '--header', path.join(dir, 'missing.h'), '--hex', '00'], /--header .*missing\.h: cannot read it \(ENOENT\)/],
    [['decode', 'extra', '--hex', '00'], /unexpected argument "extra"/],
  ];
  for (const [args, message] of cases) {
    const r = slotpipe(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, message);
  }
});

test('a broken header is reported with file:line:column', () => {
  const bad = path.join(dir, 'bad.h');
  fs.writeFileSync(bad, 'typedef struct {\n  DWORD flags : 33;\n} BITS;\n');
  const r = slotpipe('decode', '--header', bad, '--hex', '00');
  assert.equal(r.code, 2);
  assert.match(r.err, new RegExp(`--header ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:17: bit field flags is 33 bits wide, more than the 32 bits of DWORD`));
});

test('loadStructRegistry: headers in order, skipped declarations noted, errors as usage errors naming the file', () => {
  const notes: string[] = [];
  const extra = path.join(dir, 'extra.h');
  fs.writeFileSync(extra, 'void Start(void);\ntypedef struct { SHAPE s; } HOLDER;\n');
  const registry = loadStructRegistry([path.join(headers, 'nested.h'), extra], (n) => notes.push(n));
  assert.ok(registry.get('HOLDER') && registry.get('MS_MESSAGE'));
  assert.deepEqual(notes, [`skipped ${extra}:1: void Start ( void ) ; (not a type or constant)`]);
  assert.throws(() => loadStructRegistry([extra]), (err) => err instanceof UsageError && err.message.startsWith(`--header ${extra}:2:18: unknown type "SHAPE"`));
});

test('--include-dir finds #include "x.h" and --arch x86 lays out with 4-byte pointers', () => {
  const inc = path.join(dir, 'inc');
  fs.mkdirSync(inc, { recursive: true });
  fs.writeFileSync(path.join(inc, 'hdr.h'), '#pragma once\ntypedef struct { WORD kind : 4; WORD flags : 12; } HDR;\n');
  const main = path.join(dir, 'ptr.h');
  fs.writeFileSync(main, '#include <windows.h>\n#include "hdr.h"\ntypedef struct { HDR h; HANDLE owner; SIZE_T size; } PTR_MSG;\n');
  const hex = '35 12 00 00 78 56 34 12 10 00 00 00';
  const missing = slotpipe('decode', '--header', main, '--hex', hex);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /ptr\.h:2:1: cannot find "hdr\.h" \(looked for [^)]*hdr\.h\); add its folder to the include path/);
  const r = slotpipe('decode', '--header', main, '--include-dir', inc, '--arch', 'x86', '--decode', 'struct:PTR_MSG', '--hex', hex);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(r.out.trimEnd().split('\n').slice(1).map((l) => l.trim().split(/\s{2,}/)), [
    ['+0', 'h', 'HDR', '{ kind: 5, bits 0–3, flags: 291 (0x123), bits 4–15 }'],
    ['+4', 'owner', 'HANDLE', '0x12345678'],
    ['+8', 'size', 'SIZE_T', '16'],
  ]);
  const json = JSON.parse(slotpipe('decode', '--header', path.join(inc, 'hdr.h'), '--decode', 'struct:HDR', '--hex', '35 12', '--json').out);
  assert.deepEqual(json.fields.map((f: { name: string; offset: number; bits: unknown; value: unknown }) => [f.name, f.offset, f.bits, f.value]), [['kind', 0, { position: 0, width: 4 }, 5], ['flags', 0, { position: 4, width: 12 }, 0x123]]);
  assert.match(slotpipe('decode', '--arch', 'sparc', '--hex', '00').err, /--arch: unknown target "sparc"; use x64, x86 or arm64/);
  const tchar = path.join(dir, 'tchar.h');
  fs.writeFileSync(tchar, 'typedef struct { TCHAR name[3]; } NAMED;\n');
  const wide = slotpipe('decode', '--header', tchar, '--define', 'UNICODE', '--decode', 'struct:NAMED', '--hex', '4f 00 4b 00 00 00', '--json');
  assert.equal(JSON.parse(wide.out).fields[0].display, '"OK"');
  assert.match(slotpipe('decode', '--define', '1X', '--hex', '00').err, /--define: "1X" is not NAME or NAME=integer/);
});

test('send --struct --set writes bit fields, union members and their tag, laid out for --arch (what send sends, decoded back)', () => {
  const header = path.join(headers, 'status', 'status-protocol.h');
  const registry = loadStructRegistry([header], undefined, { arch: 'x86' });
  const bytes = buildPayload(undefined, { struct: 'SP_MESSAGE', set: ['flags.version=2', 'flags.urgent=1', 'body.status.code=503', 'body.status.job=0x1a4'] }, registry);
  assert.equal(bytes.length, 88);
  assert.deepEqual([...bytes.subarray(0, 12)], [0x53, 0x50, 0x50, 0x31, 0x82, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00]);
  const r = slotpipe('decode', '--header', header, '--arch', 'x86', '--hex', Buffer.from(bytes).toString('hex'), '--json');
  assert.equal(r.code, 0, r.err);
  const view = JSON.parse(r.out);
  assert.match(view.reason, /^auto: 88 bytes and magic = 0x31505053 \(SP_MESSAGE_ID\) match SP_MESSAGE/);
  const body = view.fields.find((f: { name: string }) => f.name === 'body');
  assert.deepEqual(body.value, { status: { code: 503, uptime: { LowPart: 0, HighPart: 0, u: { LowPart: 0, HighPart: 0 }, QuadPart: '0' }, started: { dwLowDateTime: 0, dwHighDateTime: 0 }, job: 0x1a4 } });
  assert.throws(() => buildPayload(undefined, { struct: 'SP_MESSAGE', set: ['flags.version=16'] }, registry), /--struct SP_MESSAGE: flags.version is a bit field \(WORD : 4\): 0 to 15, "16" is out of range/);
});

test('--elements reaches an array through unions and anonymous structs', () => {
  const header = path.join(dir, 'anon.h');
  fs.writeFileSync(header, 'typedef struct { WORD kind; union { DWORD raw; struct { WORD n; WORD items[300]; }; }; } ANON;\n');
  const bytes = Buffer.alloc(4 + 2 + 600);
  bytes.writeUInt16LE(7, 4 + 2 + 2 * 250);
  const r = slotpipe('decode', '--header', header, '--decode', 'struct:ANON', '--hex', bytes.toString('hex'), '--elements', 'items[250:252]', '--json');
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out).elements.map((e: { name: string; offset: number; value: number }) => [e.name, e.offset, e.value]), [['items[250]', 506, 7], ['items[251]', 508, 0]]);
});
