/**
 * Properties over random input (fast-check, fixed seeds so failures replay): decoding never throws,
 * never reads outside the bytes it was given, and always yields JSON; random headers either parse or
 * fail with a located HeaderError; encode → decode gives back every value that was set.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { decode } from '../../../extension/decode/decode';
import { HeaderError } from '../../../extension/decode/header-error';
import { isSigned, SCALAR_SIZE } from '../../../extension/decode/primitives';
import { StructRegistry } from '../../../extension/decode/registry';
import { encodeStruct } from '../../../extension/decode/struct-encode';
import { decodeElements, ELEMENTS_PER_REQUEST } from '../../../extension/decode/struct-decode';
import type { CType, StructLayout } from '../../../extension/decode/layout';
import type { DecodedField, DecodedView } from '../../../extension/decode/decoded-view';
import type { DecoderChoice } from '../../../extension/core/decoder-choice';

const SCALARS = ['BYTE', 'CHAR', 'WORD', 'SHORT', 'DWORD', 'LONG', 'INT', 'UINT', 'ULONG', 'BOOL', 'BOOLEAN', 'LONGLONG', 'ULONGLONG',
  'DWORD64', 'FLOAT', 'double', 'HANDLE', 'uint8_t', 'int16_t', 'uint32_t', 'int64_t', 'WCHAR', 'unsigned short', 'signed char'];
const PACKS = ['', '#pragma pack(1)', '#pragma pack(2)', '#pragma pack(4)', '#pragma pack(8)', '#pragma pack()', '#pragma pack(push, 1)', '#pragma pack(push, 2)'];

/** A header of up to 4 structs; each may use scalars, arrays, strings and the structs before it. */
const headerArb = fc.integer({ min: 1, max: 4 }).chain((count) =>
  fc.tuple(
    ...Array.from({ length: count }, (_, i) =>
      fc.record({
        pack: fc.constantFrom(...PACKS),
        magic: fc.boolean(),
        fields: fc.array(
          fc.record({
            base: i > 0 ? fc.oneof(fc.constantFrom(...SCALARS), fc.integer({ min: 0, max: i - 1 }).map((j) => `S${j}`)) : fc.constantFrom(...SCALARS),
            dims: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 2 }),
            pointer: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
          }),
          { minLength: 1, maxLength: 7 },
        ),
      }),
    ),
  ).map((structs) =>
    structs
      .map((s, i) => {
        const fields = s.fields.map((f, k) => `  ${f.base} ${f.pointer ? '*' : ''}f${k}${f.dims.map((d) => `[${d}]`).join('')};`);
        const magic = s.magic ? `#define S${i}_ID ${i + 1}\n` : '';
        const reset = s.pack.includes('push') ? '\n#pragma pack(pop)' : '';
        return `${s.pack}\n${magic}typedef struct _S${i} {\n${fields.join('\n')}\n} S${i};${reset}`;
      })
      .join('\n'),
  ),
);

function withHeader(source: string): { registry: StructRegistry; layout: StructLayout } {
  const registry = StructRegistry.withBuiltins();
  const summary = registry.addHeader('random.h', source);
  return { registry, layout: registry.get(summary.structs[summary.structs.length - 1])! };
}

/** Decodes `bytes` as given and as a view into a larger buffer with arbitrary bytes after it. */
function checkBounded(bytes: Uint8Array, tail: Uint8Array, choice: DecoderChoice, registry: StructRegistry): DecodedView {
  const big = new Uint8Array(bytes.length + tail.length + 3);
  big.set(bytes, 3);
  big.set(tail, 3 + bytes.length);
  const view = decode(bytes.slice(), choice, registry);
  assert.deepEqual(decode(big.subarray(3, 3 + bytes.length), choice, registry), view, 'the bytes after the message changed the result');
  assert.ok(!view.problems.some((p) => p.startsWith('decoder error')), view.problems.join('\n'));
  assert.doesNotThrow(() => JSON.stringify(view));
  assert.equal(typeof view.summary, 'string');
  assert.ok(!view.summary.includes('\n'));
  return view;
}

test('random bytes: every decoder returns a view, reads only the message, and is JSON-safe', () => {
  const registry = StructRegistry.withBuiltins();
  const choices: DecoderChoice[] = ['auto', 'text', 'utf16', 'ansi', 'hex', 'struct:MS_MESSAGE', 'struct:SYSTEMTIME', 'struct:NOT_THERE'];
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ minLength: 1, maxLength: 16 }), fc.constantFrom(...choices), (bytes, tail, choice) => {
      checkBounded(bytes, tail, choice, registry);
    }),
    { seed: 0x5107, numRuns: 3000 },
  );
});

test('random bytes that start with the MS_MESSAGE magic decode as MS_MESSAGE under auto', () => {
  const registry = StructRegistry.withBuiltins();
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 60 }), fc.uint8Array({ minLength: 1, maxLength: 8 }), (rest, tail) => {
      const bytes = Uint8Array.from([0xdd, 0xcc, 0xbb, 0xaa, ...rest]);
      const view = checkBounded(bytes, tail, 'auto', registry);
      assert.equal(view.decoder, 'struct:MS_MESSAGE');
      assert.equal(view.problems.length === 0, bytes.length === 32);
    }),
    { seed: 0x5108, numRuns: 500 },
  );
});

test('random layouts from random headers: decoding any bytes stays inside them', () => {
  fc.assert(
    fc.property(headerArb, fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ minLength: 1, maxLength: 16 }), (source, bytes, tail) => {
      const { registry, layout } = withHeader(source);
      for (const choice of [`struct:${layout.name}`, 'auto'] as DecoderChoice[]) checkBounded(bytes, tail, choice, registry);
      const exact = checkBounded(new Uint8Array(layout.size), tail, `struct:${layout.name}`, registry);
      assert.ok(!exact.problems.some((p) => /missing|left over/.test(p)), exact.problems.join('\n'));
    }),
    { seed: 0x5109, numRuns: 400 },
  );
});

interface Rng {
  nextInt(min: number, max: number): number;
}

/** A small seeded generator (mulberry32), so values follow from fast-check's seed. */
function rngFrom(seed: number): Rng {
  let a = seed >>> 0;
  return {
    nextInt(min, max) {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      return min + Math.floor(r * (max - min + 1));
    },
  };
}

/** Random values for every leaf of a layout, as `--set` would give them, and the values decode should show. */
function valuesFor(type: CType, pathText: string, rng: Rng, out: Map<string, [string, unknown]>): void {
  if (type.kind === 'struct') {
    for (const f of type.layout.fields) valuesFor(f.type, pathText ? `${pathText}.${f.name}` : f.name, rng, out);
  } else if (type.kind === 'array') {
    const e = type.element;
    const style = e.kind === 'primitive' ? e.prim.style : undefined;
    if (style === 'char' || style === 'wchar') {
      const wide = style === 'wchar';
      const s = Array.from({ length: rng.nextInt(0, type.length - 1) }, () =>
        String.fromCharCode(wide && rng.nextInt(0, 3) === 0 ? rng.nextInt(0x4e00, 0x9fff) : rng.nextInt(0x20, 0x7e)),
      ).join('');
      out.set(pathText, [s, s]);
    } else if (style === 'byte') {
      const given = Array.from({ length: rng.nextInt(0, type.length) }, () => rng.nextInt(0, 255));
      const text = given.map((b) => b.toString(16).padStart(2, '0')).join(' ');
      out.set(pathText, [text, [...given, ...new Array(type.length - given.length).fill(0)]]);
    } else {
      for (let k = 0; k < type.length; k++) valuesFor(e, `${pathText}[${k}]`, rng, out);
    }
  } else if (type.kind === 'primitive') {
    const prim = type.prim;
    if (prim.scalar === 'f32' || prim.scalar === 'f64') {
      const x = (rng.nextInt(-1e6, 1e6) / 64) * (rng.nextInt(0, 1) ? 1 : 1e-3);
      out.set(pathText, [String(x), prim.scalar === 'f32' ? Math.fround(x) : x]);
      return;
    }
    const bits = SCALAR_SIZE[prim.scalar] * 8;
    let n = 0n;
    for (let k = 0; k < bits; k += 16) n = (n << 16n) | BigInt(rng.nextInt(0, 0xffff));
    n = isSigned(prim.scalar) ? BigInt.asIntN(bits, n) : BigInt.asUintN(bits, n);
    out.set(pathText, [n.toString(), bits === 64 ? n.toString() : Number(n)]);
  }
}

/**
 * The decoded value at every path: struct members as `a.b`, array elements as `a[2]`. Elements a decode left
 * out (past its field budget) are fetched with `decodeElements`, as the panel's "Show more" does.
 */
function decodedValues(bytes: Uint8Array, layout: StructLayout, field: DecodedField, at: number[], pathText: string, out: Map<string, unknown>): void {
  out.set(pathText, field.value);
  const children = [...(field.children ?? [])];
  while (field.elements !== undefined && field.children && children.length < field.elements) {
    const more = decodeElements(bytes, layout, at, children.length, ELEMENTS_PER_REQUEST);
    assert.ok(more.length > 0, `${pathText}: decodeElements gave nothing past ${children.length} of ${field.elements}`);
    children.push(...more);
  }
  const elements = children[0]?.name.startsWith(`${field.name}[`);
  children.forEach((c, i) => decodedValues(bytes, layout, c, [...at, i], elements ? pathText + c.name.slice(field.name.length) : `${pathText}.${c.name}`, out));
}

test('encode → decode round trips every value set, for random layouts', () => {
  fc.assert(
    fc.property(headerArb, fc.integer(), (source, seed) => {
      const { registry, layout } = withHeader(source);
      const values = new Map<string, [string, unknown]>();
      valuesFor({ kind: 'struct', layout }, '', rngFrom(seed), values);
      // The magic is left to encodeStruct; decode reports a problem if it did not fill it in.
      if (layout.magic) values.delete(layout.magic.field);
      const bytes = encodeStruct(layout, Object.fromEntries([...values].map(([p, [text]]) => [p, text])));
      assert.equal(bytes.length, layout.size);
      const view = decode(bytes, `struct:${layout.name}`, registry);
      assert.deepEqual(view.problems, []);
      const decoded = new Map<string, unknown>();
      view.fields!.forEach((f, i) => decodedValues(bytes, layout, f, [i], f.name, decoded));
      for (const [p, [text, expected]] of values) assert.deepEqual(decoded.get(p), expected, `${p} set to "${text}"`);
    }),
    { seed: 0x510a, numRuns: 300 },
  );
});

test('mutated real headers parse or fail with a located HeaderError, never anything else', () => {
  const dir = path.resolve(import.meta.dirname, '../../fixtures/headers');
  const corpus = fs.readdirSync(dir).filter((f) => f.endsWith('.h')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  const pieces = ['{', '}', ';', '[', ']', '(', ')', '*', ':', ',', '#pragma pack(pop)\n', '#define X\n', 'struct', 'union', '/*', '0x', '"', "'", '\\\n', 'DWORD', '\n#', '-1'];
  fc.assert(
    fc.property(fc.constantFrom(...corpus), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.constantFrom(...pieces)), { minLength: 1, maxLength: 6 }), (text, edits) => {
      let mutated = text;
      for (const [at, cut, piece] of edits) {
        const i = at % (mutated.length + 1);
        mutated = mutated.slice(0, i) + piece + mutated.slice(i + (cut % 4 === 0 ? cut : 0));
      }
      const registry = StructRegistry.withBuiltins();
      try {
        registry.addHeader('mutated.h', mutated);
      } catch (err) {
        assert.ok(err instanceof HeaderError, `not a HeaderError: ${(err as Error).stack}\n--- header ---\n${mutated}`);
        assert.match(err.message, /^mutated\.h:\d+:\d+: \S/);
        const lines = mutated.split('\n');
        assert.ok(err.line >= 1 && err.line <= lines.length + 1, `line ${err.line} outside the header`);
      }
    }),
    { seed: 0x510b, numRuns: 3000 },
  );
});
