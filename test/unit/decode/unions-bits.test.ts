/**
 * Unions, bit fields, tagged messages, the SDK's types and 32-bit layouts as a person sees them:
 * decoded values and displays, encode → decode round trips, and located errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { decode } from '../../../extension/decode/decode';
import { HeaderError } from '../../../extension/decode/header-error';
import { StructRegistry } from '../../../extension/decode/registry';
import { decodeElements } from '../../../extension/decode/struct-decode';
import { EncodeError, encodeStruct } from '../../../extension/decode/struct-encode';
import { fileTimeText } from '../../../extension/decode/sdk-display';
import { formFields, overlapsFilled } from '../../../extension/decode/form-fields';
import type { DecodedField } from '../../../extension/decode/decoded-view';

const fixture = fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/headers/unions-bits.h'), 'utf8');

function registry(source = fixture, arch: 'x64' | 'x86' | 'arm64' = 'x64'): StructRegistry {
  const r = StructRegistry.withBuiltins(arch);
  r.addHeader('unions-bits.h', source);
  return r;
}

function fields(r: StructRegistry, name: string, bytes: Uint8Array): Map<string, DecodedField> {
  const view = decode(bytes, `struct:${name}`, r);
  assert.ok(view.fields, view.reason);
  return new Map(view.fields.map((f) => [f.name, f]));
}

test('bit fields: MSVC units, positions, sign extension and enum names, shown with their bits', () => {
  const r = registry();
  const flags = r.get('FLAGS')!;
  const at = Object.fromEntries(flags.fields.map((f) => [f.name, [f.offset, f.bits?.position, f.bits?.width]]));
  assert.deepEqual(at, {
    a: [0, 0, 3], b: [0, 3, 5], c: [4, 0, 30], w: [8, 0, 4], s: [8, 4, 4], x: [10, 0, 3], y: [12, 0, 2], plain: [13, undefined, undefined],
    z: [14, 0, 1], big: [16, 0, 40], sbig: [16, 40, 24], kind: [24, 0, 4], on: [24, 4, 1],
  });
  assert.equal(flags.size, 32);
  const bytes = new Uint8Array(flags.size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0b10110_101, true); // a = 5, b = 22
  view.setUint16(8, 0xe0, true); // s = 0b1110 → -2
  view.setBigUint64(16, (0xfffc18n << 40n) | 0x12_3456_789an, true); // sbig = -1000, big = 0x123456789a
  view.setUint32(24, (1 << 4) | 3, true); // on = 1 → TRUE (-1: BOOL is signed), kind = VK_FILE_INFO
  const f = fields(r, 'FLAGS', bytes);
  assert.deepEqual([f.get('a')!.value, f.get('b')!.value, f.get('s')!.value, f.get('sbig')!.value, f.get('big')!.value], [5, 22, -2, '-1000', '78187493530']);
  assert.equal(f.get('a')!.display, '5, bits 0–2');
  assert.equal(f.get('s')!.type, 'SHORT : 4');
  assert.equal(f.get('kind')!.display, 'VK_FILE_INFO (3), bits 0–3');
  assert.equal(f.get('on')!.display, 'TRUE (-1), bit 4');
  assert.deepEqual(f.get('sbig')!.bits, { position: 40, width: 24 });
});

test('unions: every member at offset 0; anonymous structs and unions reached as the parent\'s members', () => {
  const r = registry();
  const number = r.get('NUMBER')!;
  assert.deepEqual([number.union, number.size, number.align, number.fields.map((f) => f.offset)], [true, 8, 8, [0, 0, 0, 0]]);
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setUint32(0, 0x11223344, true);
  const f = fields(r, 'NUMBER', bytes);
  assert.equal(f.get('asDword')!.value, 0x11223344);
  assert.deepEqual(f.get('asBytes')!.value, [0x44, 0x33, 0x22, 0x11]);
  assert.deepEqual(f.get('halves')!.value, { lo: 0x3344, hi: 0x1122 });
  const message = r.get('VK_MESSAGE')!;
  const bytes2 = encodeStruct(message, { r: '1', g: '2', b: '3', a: '4', dx: '-5', dy: '31' });
  const m = decode(bytes2, 'struct:VK_MESSAGE', r).fields!;
  const colour = m.find((x) => x.name === '(anonymous union)')!;
  assert.deepEqual(colour.value, { r: 1, g: 2, b: 3, a: 4, rgba: 0x04030201 });
  const deltas = m.find((x) => x.name === '(anonymous struct)')!;
  assert.deepEqual(deltas.value, { dx: -5, dy: 31 });
});

test('tagged messages: the enum sibling chooses the union member and the others are hidden', () => {
  const r = registry();
  const message = r.get('VK_MESSAGE')!;
  const body = message.fields.find((f) => f.name === 'body')!;
  assert.equal(body.tag?.field, 'kind');
  assert.deepEqual(body.tag?.cases.map((c) => [c.constant, c.member]), [['VK_PING', 'ping'], ['VK_STATUS', 'status'], ['VK_FILE_INFO', 'fileInfo']]);
  // Setting a member of the union sets the tag that chooses it.
  const bytes = encodeStruct(message, { 'body.status.code': '7', 'body.status.when.QuadPart': '-9' });
  const f = fields(r, 'VK_MESSAGE', bytes);
  assert.equal(f.get('kind')!.display, 'VK_STATUS (2)');
  const chosen = f.get('body')!;
  assert.deepEqual(chosen.children!.map((c) => c.name), ['status']);
  assert.equal(chosen.children![0].member, 1);
  assert.match(chosen.display, /^status: \{ code: 7, when: -9 \} \(kind = VK_STATUS\)$/);
  assert.deepEqual(chosen.value, { status: { code: 7, when: { LowPart: 0xfffffff7, HighPart: -1, u: { LowPart: 0xfffffff7, HighPart: -1 }, QuadPart: '-9' } } });
  // A value that chooses nothing shows every member, and says so.
  new DataView(bytes.buffer).setUint32(4, 9, true);
  const none = fields(r, 'VK_MESSAGE', bytes).get('body')!;
  assert.equal(none.children!.length, 3);
  assert.match(none.display, /^\(kind = 9 chooses no member\)/);
  // An explicit tag wins over the one the member implies.
  const explicit = encodeStruct(message, { kind: 'VK_PING', 'body.status.code': '1' });
  assert.equal(fields(r, 'VK_MESSAGE', explicit).get('body')!.children![0].name, 'ping');
});

test('tagged messages declared in the header: // tag: and // when:, #defined constants and bit-field tags', () => {
  const r = registry(`
    #define CMD_OPEN  0x10
    #define CMD_CLOSE 0x20
    typedef struct { DWORD handle; } CLOSE_ARGS;
    typedef struct {
        WORD  version : 4;
        WORD  command : 12;
        union {
            WCHAR      path[8];   // when: CMD_OPEN
            CLOSE_ARGS close;     // when: CMD_CLOSE, 0x21
            BYTE       raw[16];
        } args;                   // tag: command
    } COMMAND;
    typedef struct {
        DWORD op;
        union { DWORD open; DWORD close; } u; // tag: op
    } BY_NAME;`);
  const command = r.get('COMMAND')!;
  assert.deepEqual(command.fields[2].tag?.cases.map((c) => [c.value, c.member]), [[0x10n, 'path'], [0x20n, 'close'], [0x21n, 'close']]);
  const bytes = encodeStruct(command, { version: '2', 'args.path': 'C:\\x' });
  const f = fields(r, 'COMMAND', bytes);
  assert.equal(f.get('command')!.value, 0x10);
  assert.equal(f.get('args')!.display, 'path: "C:\\x" (command = CMD_OPEN)');
  // `_CLOSE` ends CMD_CLOSE: a #defined constant names the member when the tag is no enum.
  const byName = r.get('BY_NAME')!;
  assert.deepEqual(byName.fields[1].tag?.cases.map((c) => [c.constant, c.member]), [['CMD_OPEN', 'open'], ['CMD_CLOSE', 'close']]);
  assert.throws(() => registry('typedef struct { DWORD a; union { DWORD x; } u; // tag: nothing\n} T;'), /: unions-bits.h:1:16: "tag: nothing" beside u: no member nothing beside it to choose by/);
  assert.throws(() => registry('typedef struct { DWORD a; union { DWORD x; // when: NOPE\n} u; // tag: a\n} T;'), /NOPE is not a constant defined before the union/);
});

test('the SDK types read as people write them: dates, GUIDs, 64-bit integers, points and rectangles', () => {
  const r = StructRegistry.withBuiltins();
  const time = 133_000_000_123_456_789n; // 100 ns since 1601
  assert.equal(fileTimeText(time), '2022-06-18 04:26:52.3456789 UTC');
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, time, true);
  assert.equal(decode(bytes, 'struct:FILETIME', r).summary, 'FILETIME 2022-06-18 04:26:52.3456789 UTC');
  const guid = Uint8Array.from([0x40, 0xfc, 0x29, 0x6b, 0x47, 0xca, 0x67, 0x10, 0xb3, 0x1d, 0x00, 0xdd, 0x01, 0x06, 0x62, 0xda]);
  const holder = registry(`typedef struct { FILETIME when; GUID id; SYSTEMTIME st; LARGE_INTEGER li; ULARGE_INTEGER ul; POINT pt; RECT rc; } SDK;`);
  const sdk = holder.get('SDK')!;
  const message = encodeStruct(sdk, { 'when.dwLowDateTime': String(time & 0xffffffffn), 'when.dwHighDateTime': String(time >> 32n), 'st.wYear': '2026', 'st.wMonth': '12', 'st.wDay': '4', 'st.wDayOfWeek': '5', 'st.wHour': '22', 'st.wMinute': '30', 'st.wSecond': '1', 'st.wMilliseconds': '7', 'li.QuadPart': '-5', 'ul.u.HighPart': '1', 'pt.x': '-3', 'pt.y': '4', 'rc.left': '10', 'rc.top': '20', 'rc.right': '110', 'rc.bottom': '70' });
  message.set(guid, 8);
  const f = fields(holder, 'SDK', message);
  assert.equal(f.get('when')!.display, '2022-06-18 04:26:52.3456789 UTC');
  assert.equal(f.get('id')!.display, '{6B29FC40-CA47-1067-B31D-00DD010662DA}');
  assert.equal(f.get('st')!.display, '2026-12-04 22:30:01.007 (Friday)');
  assert.equal(f.get('li')!.display, '-5');
  assert.equal(f.get('ul')!.display, '4294967296');
  assert.equal(f.get('pt')!.display, '(-3, 4)');
  assert.equal(f.get('rc')!.display, '(10, 20)–(110, 70), 100×50');
  assert.deepEqual([r.get('LARGE_INTEGER')!.size, r.get('RECT')!.size, r.get('POINT')!.size], [8, 16, 8]);
});

test('targets: x86 has 4-byte pointers, SIZE_T and handles; arm64 lays out as x64; #ifdef _WIN64 follows', () => {
  const sizes = (arch: 'x64' | 'x86' | 'arm64') => {
    const r = registry(fixture, arch);
    const p = r.get('POINTER_SIZED')!;
    return [p.size, p.align, ...p.fields.map((f) => f.offset)];
  };
  assert.deepEqual(sizes('x64'), [104, 8, 0, 8, 16, 24, 32, 40, 48, 72, 80, 88, 96]);
  assert.deepEqual(sizes('x86'), [64, 8, 0, 4, 8, 12, 16, 20, 24, 36, 40, 48, 56]);
  assert.deepEqual(sizes('arm64'), sizes('x64'));
  const wide = `#ifdef _WIN64\ntypedef struct { BYTE b; } ONLY64;\n#endif\n#if defined(_M_IX86)\ntypedef struct { BYTE b; } ONLY86;\n#endif\n#ifdef _M_ARM64\ntypedef struct { BYTE b; } ONLYARM;\n#endif`;
  assert.deepEqual(registry(wide, 'x86').names().filter((n) => n.startsWith('ONLY')), ['ONLY86']);
  assert.deepEqual(registry(wide, 'arm64').names().filter((n) => n.startsWith('ONLY')), ['ONLY64', 'ONLYARM']);
  const x86 = registry(fixture, 'x86');
  const bytes = encodeStruct(x86.get('POINTER_SIZED')!, { h: '0x1234', size: '4000000000' });
  const f = fields(x86, 'POINTER_SIZED', bytes);
  assert.deepEqual([f.get('h')!.display, f.get('size')!.value, f.get('size')!.type], ['0x00001234', 4000000000, 'SIZE_T']);
  assert.throws(() => encodeStruct(x86.get('POINTER_SIZED')!, { size: '4294967296' }), /size is SIZE_T \(0 to 4294967295\)/);
});

test('TCHAR follows UNICODE as the header defines it', () => {
  const narrow = registry('typedef struct { TCHAR name[4]; LPTSTR p; } T;');
  assert.equal(narrow.get('T')!.size, 16);
  assert.equal(narrow.get('T')!.fields[0].size, 4);
  const wide = registry('#define UNICODE\ntypedef struct { TCHAR name[4]; } T;');
  assert.equal(wide.get('T')!.fields[0].size, 8);
  assert.equal(decode(encodeStruct(wide.get('T')!, { name: 'ab' }), 'struct:T', wide).fields![0].display, '"ab"');
});

test('bit fields encode into their bits only, range-checked, and decode back (property)', () => {
  const types: [string, number, boolean][] = [['BYTE', 8, false], ['WORD', 16, false], ['SHORT', 16, true], ['DWORD', 32, false], ['int', 32, true], ['ULONGLONG', 64, false], ['LONGLONG', 64, true]];
  const fieldArb = fc.record({ type: fc.integer({ min: 0, max: types.length - 1 }), width: fc.integer({ min: 1, max: 64 }), zeroBefore: fc.integer({ min: 0, max: 7 }) });
  fc.assert(
    fc.property(fc.array(fieldArb, { minLength: 1, maxLength: 8 }), fc.constantFrom('', '#pragma pack(1)', '#pragma pack(2)'), fc.boolean(), fc.integer(), (specs, pack, union, seed) => {
      const members = specs.map((s, k) => {
        const [name, bits] = types[s.type];
        return `${s.zeroBefore === 0 ? `${name} : 0; ` : ''}${name} f${k} : ${1 + ((s.width - 1) % bits)};`;
      });
      const r = registry(`${pack}\ntypedef ${union ? 'union' : 'struct'} { ${members.join(' ')} } B;`);
      const layout = r.get('B')!;
      const values: Record<string, string> = {};
      const expected: Record<string, bigint> = {};
      const targets = union ? [layout.fields[0]] : layout.fields;
      targets.forEach((f, k) => {
        const [, , signed] = types[specs[layout.fields.indexOf(f)].type];
        const width = f.bits!.width;
        const span = 1n << BigInt(width);
        let v = BigInt(Math.abs(seed) + k * 7919) % span;
        if (signed) v -= span / 2n;
        values[f.name] = String(v);
        expected[f.name] = v;
      });
      const bytes = encodeStruct(layout, values);
      const decoded = decode(bytes, 'struct:B', r).fields!;
      for (const [name, v] of Object.entries(expected)) assert.equal(String(decoded.find((d) => d.name === name)!.value), String(v), name);
      // Out of range by one is refused with the field's limits.
      const first = targets[0];
      const [, , signed] = types[specs[layout.fields.indexOf(first)].type];
      const tooBig = signed ? 1n << BigInt(first.bits!.width - 1) : 1n << BigInt(first.bits!.width);
      if (!signed || first.bits!.width > 1) assert.throws(() => encodeStruct(layout, { [first.name]: String(signed ? tooBig * 2n : tooBig) }), EncodeError);
    }),
    { seed: 0x16b1, numRuns: 300 },
  );
});

test('hostile headers end in located errors', () => {
  const deep = `typedef struct { ${'union { '.repeat(10_000)}int x;${' } u;'.repeat(10_000)} } DEEP;`;
  assert.throws(() => registry(deep), (err: unknown) => err instanceof HeaderError && /^unions-bits.h:1:\d+: structs and unions nested more than 64 levels deep$/.test(err.message));
  assert.throws(() => registry('struct a { ULONGLONG x : 65; };'), /: unions-bits.h:1:26: bit field x is 65 bits wide, more than the 64 bits of ULONGLONG/);
  assert.throws(() => registry('struct a { int x : 100000000000000000000; };'), /bit field x is 100000000000000000000 bits wide/);
  assert.throws(() => registry('union u { };'), /: unions-bits.h:1:9: union u has no fields/);
});

test('decodeElements follows paths through unions and tagged unions', () => {
  const r = registry(`typedef enum { K_A = 1, K_B = 2 } K;
    typedef struct { K kind; union { DWORD a; struct { WORD n; DWORD items[5000]; } b; } body; } BIG;`);
  const layout = r.get('BIG')!;
  const bytes = encodeStruct(layout, { 'body.b.n': '1', 'body.b.items[4000]': '77' });
  const view = decode(bytes, 'struct:BIG', r);
  const body = view.fields![1];
  const member = body.children![0];
  assert.equal(member.name, 'b');
  const items = member.children![1];
  assert.equal(items.elements, 5000);
  // The panel's path: member positions as declared (b is member 1 of the union), then the array.
  const more = decodeElements(bytes, layout, [1, member.member!, 1], 4000, 1);
  assert.deepEqual(more.map((f) => [f.name, f.value]), [['items[4000]', 77]]);
});

test("Send Message's struct form asks for nested fields, bit fields and one member of each union", () => {
  const r = registry();
  const form = formFields(r.get('VK_MESSAGE')!);
  assert.deepEqual(form.slice(0, 8).map((f) => [f.path, f.type, f.offset, f.bit]), [
    ['magic', 'DWORD', 0, undefined], ['kind', 'VK_KIND', 4, undefined], ['body.ping', 'DWORD', 8, undefined],
    ['body.status.code', 'DWORD', 8, undefined], ['body.status.when.LowPart', 'DWORD', 16, undefined], ['body.status.when.HighPart', 'LONG', 20, undefined],
    ['body.status.when.u.LowPart', 'DWORD', 16, undefined], ['body.status.when.u.HighPart', 'LONG', 20, undefined],
  ]);
  assert.deepEqual(form.filter((f) => /^d[xy]$/.test(f.path)).map((f) => [f.type, f.offset, f.bit]), [['SHORT : 6', 36, 0], ['SHORT : 6', 36, 6]]);
  // Once body.status.code is filled, body.ping and body.fileInfo overlap it; status's other fields do not.
  const code = form.find((f) => f.path === 'body.status.code')!;
  const filled = new Map(code.unions.map((u) => [u.union, u.member]));
  const asked = form.filter((f) => f.path.startsWith('body.') && !overlapsFilled(f, filled)).map((f) => f.path);
  assert.ok(asked.includes('body.status.code') && asked.includes('body.status.when.QuadPart'), asked.join(' '));
  assert.ok(!asked.some((p) => p.startsWith('body.ping') || p.startsWith('body.fileInfo')));
  // Every field the form asks for is one encodeStruct takes.
  for (const f of form) assert.doesNotThrow(() => encodeStruct(r.get('VK_MESSAGE')!, { [f.path]: /^(WCHAR|char)\[/.test(f.type) ? 'x' : /^BYTE\[/.test(f.type) ? '01' : '1' }), f.path);
});

test('auto picks the struct by its magic, then the body by its tag', () => {
  const r = registry(`${fixture}\n#define VK_MESSAGE_ID 0x564b4d31\n`);
  assert.equal(r.get('VK_MESSAGE')!.magic?.constant, 'VK_MESSAGE_ID');
  const bytes = encodeStruct(r.get('VK_MESSAGE')!, { 'body.fileInfo.name': 'log.txt', 'body.fileInfo.size.QuadPart': '1048576' });
  const view = decode(bytes, 'auto', r);
  assert.equal(view.decoder, 'struct:VK_MESSAGE');
  const body = view.fields!.find((f) => f.name === 'body')!;
  assert.deepEqual(body.children!.map((c) => c.name), ['fileInfo']);
  assert.match(body.display, /^fileInfo: \{ name: "log\.txt", size: 1048576 \} \(kind = VK_FILE_INFO\)$/);
  assert.match(view.summary, /^VK_MESSAGE magic=0x564b4d31 kind=VK_FILE_INFO body=fileInfo\{…\}/);
});

test('two headers may define the same struct only with the same bits and the same kind', () => {
  const r = StructRegistry.withBuiltins();
  r.addHeader('a.h', 'typedef struct { DWORD a : 3; DWORD b : 5; } SAME;');
  r.addHeader('b.h', 'typedef struct { DWORD a : 3; DWORD b : 5; } SAME;');
  assert.throws(() => r.addHeader('c.h', 'typedef struct { DWORD a : 4; DWORD b : 4; } SAME;'), /struct SAME is already defined at b.h:1 with a different layout/);
  assert.throws(() => r.addHeader('d.h', 'typedef union { DWORD a : 3; DWORD b : 5; } SAME;'), /different layout/);
});
