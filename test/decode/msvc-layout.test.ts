/**
 * Unions, bit fields and target layouts cross-checked with mingw-w64 (which lays bit fields out the MS
 * way) for x86_64 and i686, by compiling alone, so no Windows is needed to run anything: sizes,
 * alignments and offsets are `_Static_assert`s, and each bit field's position is read from the object
 * file — a probe struct with only that field set to all ones is compiled into a section of its own and
 * its bytes say which bits the compiler gave the field. The headers are test/fixtures/headers/unions-bits.h
 * (every rule once), the SDK's built-in structs and unions, and headers generated at random
 * (fast-check, fixed seed) with structs, unions, anonymous members, bit fields and packing mixed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Arch } from '../../extension/core/arch';
import { sizeOf, type CType, type StructLayout } from '../../extension/decode/layout';
import { StructRegistry } from '../../extension/decode/registry';
import { filesFromMap } from '../../extension/decode/includes';
import { randomHeaders } from '../fixtures/random-headers';

const root = path.resolve(import.meta.dirname, '../..');
const FIXTURE = path.join(root, 'test/fixtures/headers/unions-bits.h');
const SDK_TYPES = ['LARGE_INTEGER', 'ULARGE_INTEGER', 'POINT', 'RECT', 'FILETIME', 'SYSTEMTIME', 'GUID'];
const COMPILERS: Record<'x64' | 'x86', string> = { x64: 'x86_64-w64-mingw32-gcc', x86: 'i686-w64-mingw32-gcc' };

function onPath(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).status === 0;
}

// ── what Slotpipe says, as C assertions and probes ───────────────────────

interface Facts {
  asserts: string[];
  /** One per bit field: the C type, the designator and where Slotpipe puts its bits. */
  probes: { type: string; designator: string; bit: number; width: number; label: string }[];
}

function collect(type: CType, cName: string, prefix: string, base: number, facts: Facts): void {
  if (type.kind === 'array') {
    const size = sizeOf(type.element);
    for (const k of new Set([0, type.length - 1])) {
      const p = `${prefix}[${k}]`;
      facts.asserts.push(`_Static_assert(offsetof(${cName}, ${p}) == ${base + k * size}, "offsetof ${cName} ${p} is ${base + k * size}");`);
      collect(type.element, cName, p, base + k * size, facts);
    }
    return;
  }
  if (type.kind !== 'struct') return;
  for (const f of type.layout.fields) {
    const p = f.anonymous ? prefix : prefix ? `${prefix}.${f.name}` : f.name;
    if (f.bits) {
      facts.probes.push({ type: cName, designator: `.${p}`, bit: (base + f.offset) * 8 + f.bits.position, width: f.bits.width, label: `${cName} ${p}` });
      continue;
    }
    if (!f.anonymous) {
      facts.asserts.push(`_Static_assert(offsetof(${cName}, ${p}) == ${base + f.offset}, "offsetof ${cName} ${p} is ${base + f.offset}");`);
      facts.asserts.push(`_Static_assert(sizeof(((${cName} *)0)->${p}) == ${f.size}, "sizeof ${cName} ${p} is ${f.size}");`);
    }
    collect(f.type, cName, p, base + f.offset, facts);
  }
}

function factsOf(layouts: StructLayout[]): Facts {
  const facts: Facts = { asserts: [], probes: [] };
  for (const l of layouts) {
    facts.asserts.push(`_Static_assert(sizeof(${l.cName}) == ${l.size}, "sizeof ${l.cName} is ${l.size}");`);
    facts.asserts.push(`_Static_assert(_Alignof(${l.cName}) == ${l.align}, "_Alignof ${l.cName} is ${l.align}");`);
    collect({ kind: 'struct', layout: l }, l.cName, '', 0, facts);
  }
  return facts;
}

interface Checked {
  layouts: number;
  asserts: number;
  probes: number;
}

/**
 * Compiles the headers with the assertions and probes; fails with every assertion the compiler
 * refused and every bit field whose bits differ.
 */
function crossCheck(arch: 'x64' | 'x86', headers: { name: string; text: string }[], extraLayouts: (r: StructRegistry) => StructLayout[]): Checked {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `slotpipe-msvc-layout-${process.pid}-`));
  try {
    const registry = StructRegistry.withBuiltins(arch as Arch);
    const files = filesFromMap(new Map(headers.map((h) => [path.join(dir, h.name), h.text])));
    const layouts: StructLayout[] = [];
    for (const h of headers) {
      fs.writeFileSync(path.join(dir, h.name), h.text);
      const summary = registry.addHeader(path.join(dir, h.name), h.text, files);
      layouts.push(...summary.structs.map((n) => registry.get(n)!));
    }
    layouts.push(...extraLayouts(registry));
    const facts = factsOf(layouts);
    const probeFields = facts.probes.map((p, k) => `  ${p.type} p${k};`);
    const probeInits = facts.probes.map((p, k) => `  .p${k} = { ${p.designator} = -1 },`);
    const source = [
      '#include <windows.h>',
      '#include <stddef.h>',
      ...headers.map((h) => `#include "${h.name}"`),
      ...facts.asserts,
      `struct sp_probes {\n  char none;\n${probeFields.join('\n')}\n};`,
      `__attribute__((section(".spprobe"), used)) struct sp_probes sp_probes = {\n${probeInits.join('\n')}\n};`,
      `__attribute__((section(".spoffs"), used)) const unsigned int sp_offsets[] = { ${facts.probes.map((_, k) => `offsetof(struct sp_probes, p${k}), sizeof(((struct sp_probes *)0)->p${k})`).join(', ') || '0'} };`,
      '',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'check.c'), source);
    const object = path.join(dir, 'check.o');
    const cc = spawnSync(COMPILERS[arch], ['-std=gnu11', '-w', '-fmax-errors=0', '-c', '-o', object, path.join(dir, 'check.c')], { encoding: 'utf8', timeout: 300_000 });
    const refused = [...cc.stderr.matchAll(/static assertion failed: "([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(refused, [], `${COMPILERS[arch]} disagrees with Slotpipe (Slotpipe's value is quoted):\n${refused.join('\n')}`);
    assert.equal(cc.status, 0, `${COMPILERS[arch]} failed:\n${cc.stderr.slice(0, 4000)}`);
    const objcopy = COMPILERS[arch].replace(/gcc$/, 'objcopy');
    const section = (name: string) => {
      const out = path.join(dir, `${name.slice(1)}.bin`);
      const r = spawnSync(objcopy, ['-O', 'binary', `--only-section=${name}`, object, out], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return new Uint8Array(fs.readFileSync(out));
    };
    const data = section('.spprobe');
    const offsets = new DataView(section('.spoffs').buffer);
    const wrong: string[] = [];
    facts.probes.forEach((p, k) => {
      const at = offsets.getUint32(8 * k, true);
      const size = offsets.getUint32(8 * k + 4, true);
      const set: number[] = [];
      for (let bit = 0; bit < size * 8; bit++) if (data[at + (bit >> 3)] & (1 << (bit & 7))) set.push(bit);
      const compiler = set.length ? `bit ${set[0]} width ${set.length}` : 'no bits';
      const contiguous = set.every((b, i) => b === set[0] + i);
      if (!contiguous || compiler !== `bit ${p.bit} width ${p.width}`) wrong.push(`${p.label}: Slotpipe bit ${p.bit} width ${p.width}, ${COMPILERS[arch]} ${contiguous ? compiler : `bits ${set.join(',')}`}`);
    });
    assert.deepEqual(wrong, [], `bit fields placed differently:\n${wrong.join('\n')}`);
    return { layouts: layouts.length, asserts: facts.asserts.length, probes: facts.probes.length };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const sdk = (r: StructRegistry) => SDK_TYPES.map((n) => r.get(n)!);

for (const arch of ['x64', 'x86'] as const) {
  const skip = onPath(COMPILERS[arch]) ? false : `${COMPILERS[arch]} is not installed (apt: mingw-w64)`;

  test(`unions-bits.h and the SDK types match ${COMPILERS[arch]} (${arch})`, { skip, timeout: 300_000 }, () => {
    const checked = crossCheck(arch, [{ name: 'unions-bits.h', text: fs.readFileSync(FIXTURE, 'utf8') }], sdk);
    // Not vacuous: every struct, union and bit field of the fixture was asserted or probed.
    assert.ok(checked.layouts >= 16 && checked.asserts > 150 && checked.probes >= 19, JSON.stringify(checked));
  });

  test(`random headers with unions, bit fields and packing match ${COMPILERS[arch]} (${arch})`, { skip, timeout: 600_000 }, () => {
    const headers = randomHeaders(200, arch === 'x64' ? 1601 : 1980).map((text, k) => ({ name: `random${k}.h`, text }));
    const checked = crossCheck(arch, headers, () => []);
    assert.ok(checked.layouts >= 200 && checked.probes >= 400, JSON.stringify(checked));
  });
}
