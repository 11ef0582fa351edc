import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StructRegistry } from '../../../extension/decode/registry';
import { decodeStruct } from '../../../extension/decode/struct-decode';
import type { DecodedField } from '../../../extension/decode/decoded-view';

function registryWith(source: string): StructRegistry {
  const registry = StructRegistry.withBuiltins();
  registry.addHeader('t.h', source);
  return registry;
}

function decodeAs(source: string, name: string, bytes: number[] | Uint8Array) {
  return decodeStruct(Uint8Array.from(bytes), registryWith(source).get(name)!);
}

function byName(fields: DecodedField[]): Record<string, DecodedField> {
  return Object.fromEntries(fields.map((f) => [f.name, f]));
}

test('the seed struct MS_MESSAGE from hand-made bytes', () => {
  const bytes = [
    0xdd, 0xcc, 0xbb, 0xaa, // msg_id
    ...Array.from('10.0.0.5', (c) => c.charCodeAt(0)), ...new Array(12).fill(0), // ipStr[20]
    10, 0, 0, 5, // ip as inet_addr stores it
    0x88, 0x13, 0, 0, // port 5000
  ];
  const d = decodeStruct(Uint8Array.from(bytes), StructRegistry.withBuiltins().get('MS_MESSAGE')!);
  assert.deepEqual(d.problems, []);
  assert.deepEqual(d.fields.map((f) => [f.name, f.type, f.offset, f.size, f.value, f.display]), [
    ['msg_id', 'DWORD', 0, 4, 0xaabbccdd, '0xaabbccdd (MS_MESSAGE_ID)'],
    ['ipStr', 'char[20]', 4, 20, '10.0.0.5', '"10.0.0.5"'],
    ['ip', 'DWORD', 24, 4, 0x0500000a, '10.0.0.5 (network order) | 5.0.0.10 (host order) | raw 0x0500000a'],
    ['port', 'UINT', 28, 4, 5000, '5000'],
  ]);
  assert.equal(d.summary, 'MS_MESSAGE msg_id=0xaabbccdd ipStr="10.0.0.5" ip=10.0.0.5 port=5000');
});

test('each integer type: values and signedness, little endian, 64-bit as decimal strings', () => {
  const source = 'struct ints { BYTE b; CHAR c; WORD w; SHORT s; DWORD d; LONG l; INT i; ULONG ul; LONGLONG ll; ULONGLONG ull; int8_t i8; uint8_t u8; int16_t i16; uint16_t u16; int32_t i32; uint32_t u32; int64_t i64; uint64_t u64; };';
  const bytes = [
    0xff, 0xfe, // b, c
    0xff, 0xff, // w
    0xfe, 0xff, // s = -2
    0xee, 0xee, // padding: DWORD aligns to 4
    0x78, 0x56, 0x34, 0x12, // d
    0xff, 0xff, 0xff, 0xff, // l = -1
    0x00, 0x00, 0x00, 0x80, // i = INT_MIN
    0x01, 0x00, 0x00, 0x00, // ul
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // ll = -1
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // ull = 2^64-1
    0x80, 0x7f, // i8, u8
    0x00, 0x80, 0xff, 0xff, // i16 = -32768, u16 = 65535
    0xee, 0xee, // padding
    0xfd, 0xff, 0xff, 0xff, 0xfd, 0xff, 0xff, 0xff, // i32 = -3, u32
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, // i64 = INT64_MIN
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, // u64
  ];
  const f = byName(decodeAs(source, 'ints', bytes).fields);
  const values = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v.value]));
  assert.deepEqual(values, {
    b: 255, c: -2, w: 65535, s: -2, d: 0x12345678, l: -1, i: -2147483648, ul: 1, ll: '-1', ull: '18446744073709551615',
    i8: -128, u8: 127, i16: -32768, u16: 65535, i32: -3, u32: 4294967293, i64: '-9223372036854775808', u64: '578437695752307201',
  });
  assert.equal(f.d.display, '305419896 (0x12345678)');
  assert.equal(f.ull.display, '18446744073709551615 (0xffffffffffffffff)');
  assert.equal(f.l.display, '-1');
});

test('floats, BOOL/BOOLEAN, HANDLE/pointers, single CHAR and WCHAR', () => {
  const source = 'struct misc { FLOAT f; BOOL yes; double d; BOOLEAN no; CHAR ch; WCHAR wc; BOOL odd; HANDLE h; void *nul; };';
  const view = new DataView(new ArrayBuffer(48));
  view.setFloat32(0, 0.1, true);
  view.setInt32(4, 1, true);
  view.setFloat64(8, -2.5, true);
  view.setUint8(16, 0);
  view.setUint8(17, 0x41);
  view.setUint16(18, 0x20ac, true);
  view.setInt32(20, 7, true);
  view.setBigUint64(24, 0x1234n, true);
  const f = byName(decodeAs(source, 'misc', new Uint8Array(view.buffer, 0, 40)).fields);
  assert.equal(f.f.display, '0.1');
  assert.equal(f.f.value, Math.fround(0.1));
  assert.equal(f.yes.display, 'TRUE');
  assert.equal(f.d.value, -2.5);
  assert.equal(f.no.display, 'FALSE');
  assert.equal(f.ch.display, "'A' (65)");
  assert.equal(f.wc.display, "'€' (8364)");
  assert.equal(f.odd.display, 'TRUE (7)');
  assert.deepEqual([f.h.value, f.h.display], ['4660', '0x0000000000001234']);
  assert.deepEqual([f.nul.type, f.nul.display], ['void *', 'NULL']);
});

test('NaN and infinities stay JSON-safe', () => {
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, NaN, true);
  view.setFloat64(8, -Infinity, true);
  const d = decodeAs('struct f { double a; double b; };', 'f', new Uint8Array(view.buffer));
  assert.deepEqual(d.fields.map((f) => f.value), ['NaN', '-Infinity']);
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(d)));
});

test('enums show the member name, or say the value is not a member', () => {
  const source = 'typedef enum { C_RED, C_GREEN = 5 } COLOR;\nstruct e { COLOR a; COLOR b; };';
  const d = decodeAs(source, 'e', [5, 0, 0, 0, 9, 0, 0, 0]);
  assert.deepEqual(d.fields.map((f) => [f.type, f.value, f.display]), [['COLOR', 5, 'C_GREEN (5)'], ['COLOR', 9, '9 (not a member of COLOR)']]);
});

test('strings: char and WCHAR arrays, with and without NUL, escaped controls', () => {
  const source = 'struct s { char a[4]; char full[3]; WCHAR w[4]; char ctl[4]; char latin[4]; };';
  const bytes = [
    0x68, 0x69, 0, 0x7a, // "hi", NUL, junk after it
    0x61, 0x62, 0x63, // "abc" filling the array: no NUL
    0xee, // padding: WCHAR aligns to 2
    0x48, 0, 0xe9, 0, 0, 0, 0x41, 0, // L"Hé"
    0x02, 0x41, 0x03, 0, // "\x02A\x03"
    0x63, 0x61, 0x66, 0xe9, // "café" in Windows-1252 (not UTF-8)
  ];
  const f = byName(decodeAs(source, 's', bytes).fields);
  assert.deepEqual([f.a.value, f.a.display], ['hi', '"hi"']);
  assert.deepEqual([f.full.value, f.full.display], ['abc', '"abc" (no NUL terminator)']);
  assert.deepEqual([f.w.value, f.w.display], ['Hé', '"Hé"']);
  assert.equal(f.ctl.display, '"\\x02A\\x03"');
  assert.equal(f.latin.value, 'café');
});

test('arrays of numbers, of bytes, of structs, and two-dimensional arrays', () => {
  const source = 'typedef struct { BYTE x; BYTE y; } XY;\nstruct a { WORD n[3]; BYTE raw[5]; XY pts[2]; BYTE grid[2][2]; };';
  const bytes = [1, 0, 2, 0, 3, 0, 0xde, 0xad, 0xbe, 0xef, 0x00, 7, 8, 9, 10, 1, 2, 3, 4];
  const d = decodeAs(source, 'a', bytes);
  const f = byName(d.fields);
  assert.deepEqual([f.n.value, f.n.display], [[1, 2, 3], '[1, 2, 3]']);
  assert.deepEqual([f.raw.value, f.raw.display], [[0xde, 0xad, 0xbe, 0xef, 0], 'de ad be ef 00']);
  assert.deepEqual(f.pts.value, [{ x: 7, y: 8 }, { x: 9, y: 10 }]);
  assert.deepEqual(f.pts.children!.map((c) => [c.name, c.offset, c.display]), [['pts[0]', 11, '{ x: 7, y: 8 }'], ['pts[1]', 13, '{ x: 9, y: 10 }']]);
  assert.deepEqual(f.grid.value, [[1, 2], [3, 4]]);
  // The WORD array makes the struct 2-aligned: 19 bytes of fields, 20 with its tail padding.
  assert.deepEqual(d.problems, ['message is 19 bytes, a is 20: missing 1 byte(s) of trailing padding']);
});

test('nested structs: offsets of children are message offsets; value is an object', () => {
  const source = 'typedef struct { WORD a; DWORD b; } INNER;\nstruct o { BYTE lead; INNER in; };';
  const d = decodeAs(source, 'o', [9, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0]);
  const inner = byName(d.fields).in;
  assert.deepEqual(inner.value, { a: 1, b: 2 });
  assert.deepEqual(inner.children!.map((c) => [c.name, c.offset, c.size]), [['a', 4, 2], ['b', 8, 4]]);
  assert.equal(inner.display, '{ a: 1, b: 2 }');
});

test('each #pragma pack form decodes the same fields from differently placed bytes', () => {
  const source = `
    struct natural { BYTE a; DWORD b; WORD c; };
    #pragma pack(1)
    struct p1 { BYTE a; DWORD b; WORD c; };
    #pragma pack(push, 2)
    struct p2 { BYTE a; DWORD b; WORD c; };
    #pragma pack(pop)
    struct back_to_1 { BYTE a; DWORD b; WORD c; };
    #pragma pack()
  `;
  const vectors: [string, number[]][] = [
    ['natural', [7, 0xee, 0xee, 0xee, 0x44, 0x33, 0x22, 0x11, 0x99, 0x88, 0xee, 0xee]],
    ['p1', [7, 0x44, 0x33, 0x22, 0x11, 0x99, 0x88]],
    ['p2', [7, 0xee, 0x44, 0x33, 0x22, 0x11, 0x99, 0x88]],
    ['back_to_1', [7, 0x44, 0x33, 0x22, 0x11, 0x99, 0x88]],
  ];
  for (const [name, bytes] of vectors) {
    const d = decodeAs(source, name, bytes);
    assert.deepEqual(d.fields.map((f) => f.value), [7, 0x11223344, 0x8899], name);
    assert.deepEqual(d.problems, [], name);
  }
});

test('a short message decodes what fits and names what is missing', () => {
  const layout = StructRegistry.withBuiltins().get('MS_MESSAGE')!;
  const d = decodeStruct(Uint8Array.of(0xdd, 0xcc, 0xbb, 0xaa, 0x31, 0x32), layout);
  assert.deepEqual(d.fields.map((f) => [f.name, f.value, f.display]), [
    ['msg_id', 0xaabbccdd, '0xaabbccdd (MS_MESSAGE_ID)'],
    ['ipStr', '12', '"12" (truncated: 2 of 20 bytes)'],
    ['ip', null, '(missing)'],
    ['port', null, '(missing)'],
  ]);
  assert.deepEqual(d.problems, ['message is 6 bytes, MS_MESSAGE is 32: missing ipStr (2 of 20 bytes), ip, port']);
  const partial = decodeStruct(Uint8Array.of(0xdd, 0xcc), layout);
  assert.equal(partial.fields[0].display, '(missing: 2 of 4 bytes present)');
});

test('a long message names the bytes left over; a wrong magic is a problem', () => {
  const layout = StructRegistry.withBuiltins().get('MS_MESSAGE')!;
  const bytes = new Uint8Array(35);
  bytes.set([1, 2, 3, 4], 0);
  bytes.set([0xaa, 0xbb, 0xcc], 32);
  const d = decodeStruct(bytes, layout);
  assert.deepEqual(d.problems, [
    'msg_id is 0x04030201, not MS_MESSAGE_ID 0xaabbccdd',
    '3 byte(s) left over after MS_MESSAGE (32 bytes): aa bb cc',
  ]);
  assert.equal(d.fields[0].display, '0x04030201 (expected MS_MESSAGE_ID = 0xaabbccdd)');
});

test('IP-named fields: 32-bit shows both byte orders and the raw value; BYTE[4] dotted', () => {
  const source = 'struct n { DWORD serverIp; ULONG dwIPAddr; BYTE ip_bytes[4]; DWORD zip; };';
  const d = decodeAs(source, 'n', [192, 168, 1, 10, 10, 1, 168, 192, 127, 0, 0, 1, 1, 0, 0, 0]);
  const f = byName(d.fields);
  assert.equal(f.serverIp.display, '192.168.1.10 (network order) | 10.1.168.192 (host order) | raw 0x0a01a8c0');
  assert.equal(f.dwIPAddr.display, '10.1.168.192 (network order) | 192.168.1.10 (host order) | raw 0xc0a8010a');
  assert.equal(f.ip_bytes.display, '127.0.0.1 (bytes in order)');
  assert.equal(f.zip.display, '1');
});
