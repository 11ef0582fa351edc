import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode } from '../../../extension/decode/decode';
import { StructRegistry } from '../../../extension/decode/registry';
import { encodeStruct } from '../../../extension/decode/struct-encode';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test('MS_MESSAGE: magic filled in, unset fields zero, dotted IP in network order', () => {
  const registry = StructRegistry.withBuiltins();
  const layout = registry.get('MS_MESSAGE')!;
  const bytes = encodeStruct(layout, { ipStr: '10.0.0.5', ip: '10.0.0.5', port: '5000' });
  assert.equal(hex(bytes), 'ddccbbaa' + '31302e302e302e35' + '00'.repeat(12) + '0a000005' + '88130000');
  assert.equal(hex(encodeStruct(layout, {})), 'ddccbbaa' + '00'.repeat(28));
  const view = decode(bytes, 'auto', registry);
  assert.equal(view.decoder, 'struct:MS_MESSAGE');
  assert.equal(view.summary, 'MS_MESSAGE msg_id=0xaabbccdd ipStr="10.0.0.5" ip=10.0.0.5 port=5000');
});

test('an explicitly set magic field wins (for sending deliberately wrong messages)', () => {
  const layout = StructRegistry.withBuiltins().get('MS_MESSAGE')!;
  assert.equal(hex(encodeStruct(layout, { msg_id: '0x01020304' })).slice(0, 8), '04030201');
});

test('paths into nested structs and arrays; arrays from lists; enums by name; booleans; floats', () => {
  const registry = StructRegistry.withBuiltins();
  registry.addHeader('e.h', `
    typedef enum { M_OFF, M_ON = 3 } MODE;
    typedef struct { SHORT x; SHORT y; } PT;
    typedef struct { MODE mode; PT pts[2]; WORD list[3]; BOOL on; float f; BYTE raw[4]; WCHAR name[4]; LONG neg; } ALL;`);
  const layout = registry.get('ALL')!;
  const bytes = encodeStruct(layout, { mode: 'M_ON', 'pts[1].y': '-2', 'pts[0].x': '0x10', list: '1, 2', on: 'TRUE', f: '1.5', raw: 'de ad', name: 'Hé', neg: '0xffffffff' });
  const v = decode(bytes, 'struct:ALL', registry);
  assert.deepEqual(v.problems, []);
  const values = Object.fromEntries(v.fields!.map((f) => [f.name, f.value]));
  assert.deepEqual(values, { mode: 3, pts: [{ x: 16, y: 0 }, { x: 0, y: -2 }], list: [1, 2, 0], on: 1, f: 1.5, raw: [0xde, 0xad, 0, 0], name: 'Hé', neg: -1 });
});

test('clear errors for unknown fields, bad values, strings too long, out of range', () => {
  const registry = StructRegistry.withBuiltins();
  registry.addHeader('e.h', 'typedef enum { A_ONE = 1 } A;\ntypedef struct { BYTE b; A a; struct { WORD w; } in; char s[4]; WORD arr[2]; BYTE raw[2]; FLOAT f; } E;');
  const layout = registry.get('E')!;
  const ms = registry.get('MS_MESSAGE')!;
  const cases: [Record<string, string>, RegExp][] = [
    [{ nope: '1' }, /^E has no field "nope"; its fields are b, a, in, s, arr, raw, f$/],
    [{ 'in.x': '1' }, /^in \(.*\) has no field "x"; its fields are w$/],
    [{ 'b[0]': '1' }, /^b is BYTE, not an array/],
    [{ 'arr[2]': '1' }, /^arr\[2\] is out of range: arr has 2 elements \(0 to 1\)$/],
    [{ 'a.b': '1' }, /^a is A, not a struct/],
    [{ '1x': '1' }, /is not a field path/],
    [{ b: '256' }, /^b is BYTE \(0 to 255\), "256" is out of range$/],
    [{ b: '-1' }, /^b is BYTE \(0 to 255\), "-1" is out of range$/],
    [{ b: 'ten' }, /^b is BYTE and takes a whole number, got "ten"$/],
    [{ a: 'A_TWO' }, /^a is enum A: use one of A_ONE or a number, got "A_TWO"$/],
    [{ in: '1' }, /^in is struct .*; set its fields one by one, e\.g\. in\.w=\.\.\.$/],
    [{ s: 'abcd' }, /^s holds at most 3 bytes plus NUL; "abcd" is 4 bytes$/],
    [{ arr: '1,2,3' }, /^arr holds 2 elements; 3 were given$/],
    [{ raw: 'zz' }, /^raw takes hex bytes like "de ad be ef": "z" is not a hex digit/],
    [{ raw: 'aabbcc' }, /^raw holds 2 bytes; 3 were given$/],
    [{ f: 'fast' }, /^f is FLOAT and takes a number, got "fast"$/],
  ];
  for (const [values, message] of cases) assert.throws(() => encodeStruct(layout, values), { message }, JSON.stringify(values));
  assert.throws(() => encodeStruct(ms, { ipStr: '255.255.255.255.255.255' }), { message: /^ipStr holds at most 19 bytes plus NUL/ });
  assert.throws(() => encodeStruct(ms, { ip: '10.0.0' }), { message: /^ip is DWORD and takes a whole number \(or a dotted IPv4 address\), got "10.0.0"$/ });
});
