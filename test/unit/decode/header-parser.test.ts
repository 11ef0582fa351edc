import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeaderError } from '../../../extension/decode/header-error';
import { emptyScope, parseHeader } from '../../../extension/decode/header-parser';
import { typeName, type StructLayout } from '../../../extension/decode/layout';

function structs(source: string): StructLayout[] {
  return parseHeader(source, 'test.h', emptyScope()).structs;
}

function only(source: string): StructLayout {
  const named = structs(source).filter((s) => !s.name.startsWith('('));
  assert.equal(named.length, 1);
  return named[0];
}

function fieldsOf(layout: StructLayout): [string, string, number, number][] {
  return layout.fields.map((f) => [f.name, typeName(f.type), f.offset, f.size]);
}

function headerError(source: string): HeaderError {
  try {
    parseHeader(source, 'bad.h', emptyScope());
  } catch (err) {
    assert.ok(err instanceof HeaderError, `expected a HeaderError, got ${err}`);
    return err;
  }
  assert.fail('expected the header to be refused');
}

test('typedef struct with tag: the typedef name is the name, the tag an alias', () => {
  const s = only('typedef struct _MS_MESSAGE_ { DWORD msg_id; char ipStr[20]; DWORD ip; UINT port; } MS_MESSAGE, *PMS_MESSAGE;');
  assert.equal(s.name, 'MS_MESSAGE');
  assert.equal(s.cName, 'MS_MESSAGE');
  assert.deepEqual(s.aliases, ['_MS_MESSAGE_', 'MS_MESSAGE']);
  assert.deepEqual(fieldsOf(s), [['msg_id', 'DWORD', 0, 4], ['ipStr', 'char[20]', 4, 20], ['ip', 'DWORD', 24, 4], ['port', 'UINT', 28, 4]]);
  assert.equal(s.size, 32);
});

test('plain struct, anonymous typedef, comments of both kinds', () => {
  const [plain] = structs('/* header */\nstruct point { int x; // left\n int y; /* up */ };');
  assert.equal(plain.name, 'point');
  assert.equal(plain.cName, 'struct point');
  assert.equal(plain.fields[0].comment, 'left');
  assert.equal(plain.fields[1].comment, 'up');
  assert.equal(only('typedef struct { BYTE a; WORD b; } PAIR;').name, 'PAIR');
});

test('multi-word C types, qualifiers and several declarators in one member', () => {
  const s = only('struct m { const unsigned long long a; unsigned b, c[2]; long int d; signed char e; short unsigned int f; volatile long g; };');
  assert.deepEqual(fieldsOf(s), [
    ['a', 'unsigned long long', 0, 8], ['b', 'unsigned', 8, 4], ['c', 'unsigned[2]', 12, 8],
    ['d', 'long int', 20, 4], ['e', 'signed char', 24, 1], ['f', 'unsigned short int', 26, 2], ['g', 'long', 28, 4],
  ]);
});

test('#define constants with expressions size arrays; casts and suffixes work', () => {
  const s = only('#define N 4\n#define M (N * 2 + 1)\n#define BIG 0x10UL\n#define CAST ((BYTE)0x1ff)\nstruct a { char s[M]; BYTE b[BIG - 14]; BYTE c[CAST]; };');
  assert.deepEqual(fieldsOf(s), [['s', 'char[9]', 0, 9], ['b', 'BYTE[2]', 9, 2], ['c', 'BYTE[255]', 11, 255]]);
});

test('enums: values, auto-increment, use in arrays, as field types of size 4', () => {
  const scope = emptyScope();
  const [s] = parseHeader('typedef enum _KIND { K_A, K_B = 10, K_C } KIND;\nenum other { O_X = K_C * 2 };\nstruct e { KIND k; enum other o; BYTE pad[K_B]; };', 'e.h', scope).structs;
  assert.deepEqual(fieldsOf(s), [['k', 'KIND', 0, 4], ['o', 'other', 4, 4], ['pad', 'BYTE[10]', 8, 10]]);
  assert.equal(scope.constants.get('O_X')?.value, 22n);
  const k = s.fields[0].type;
  assert.ok(k.kind === 'enum');
  assert.deepEqual(k.members.map((m) => [m.name, m.value]), [['K_A', 0n], ['K_B', 10n], ['K_C', 11n]]);
});

test('nested structs: by name, by tag, inline, arrays of structs, pointers to itself', () => {
  const all = structs(`
    typedef struct _P { SHORT x; SHORT y; } P;
    struct outer {
      BYTE lead;
      P p;
      struct _P q;
      P many[3];
      struct { BYTE r; DWORD a; } inline_member;
      struct outer *self;
      int grid[2][3];
    };`);
  const outer = all.find((s) => s.name === 'outer')!;
  assert.deepEqual(fieldsOf(outer), [
    ['lead', 'BYTE', 0, 1], ['p', 'P', 2, 4], ['q', 'P', 6, 4], ['many', 'P[3]', 10, 12],
    ['inline_member', 'struct {…}', 24, 8],
    ['self', 'struct outer *', 32, 8], ['grid', 'int[2][3]', 40, 24],
  ]);
  assert.equal(outer.size, 64);
  assert.equal(outer.align, 8);
});

test('#pragma pack forms: (n), (), (push, n), (push), (pop), (push, id, n), (pop, id)', () => {
  const all = structs(`
    struct natural { BYTE a; DWORD b; };
    #pragma pack(1)
    struct one { BYTE a; DWORD b; };
    #pragma pack()
    struct reset { BYTE a; DWORD b; };
    #pragma pack(push, 2)
    struct two { BYTE a; DWORD b; };
    #pragma pack(push)
    struct still_two { BYTE a; DWORD b; };
    #pragma pack(pop)
    #pragma pack(pop)
    struct popped { BYTE a; DWORD b; };
    #pragma pack(push, mine, 1)
    #pragma pack(push, 4)
    #pragma pack(pop, mine)
    struct named_popped { BYTE a; DWORD b; };
  `);
  const offsetOfB = Object.fromEntries(all.map((s) => [s.name, [s.fields[1].offset, s.size]]));
  assert.deepEqual(offsetOfB, { natural: [4, 8], one: [1, 5], reset: [4, 8], two: [2, 6], still_two: [2, 6], popped: [4, 8], named_popped: [4, 8] });
});

test('errors point at file:line:column and say what was expected', () => {
  const e = headerError('struct a {\n  DWORD x\n};');
  assert.equal(e.message, 'bad.h:3:1: expected ";" after member "x", found "}"');
  assert.deepEqual([e.file, e.line, e.column], ['bad.h', 3, 1]);
  assert.match(headerError('struct a { FOO x; };').message, /^bad.h:1:12: unknown type "FOO"/);
  assert.match(headerError('struct a { DWORD x[N]; };').message, /^bad.h:1:20: unknown constant "N"/);
  assert.match(headerError('#define S "text"\nstruct a { char x[S]; };').message, /^bad.h:2:19: "S" is #defined at bad.h:1 but is not an integer constant/);
  assert.match(headerError('struct a { DWORD x;').message, /expected "}" to close the struct opened at line 1, found end of file/);
  assert.match(headerError('#pragma pack(3)').message, /^bad.h:1:14: #pragma pack takes 1, 2, 4, 8 or 16, got 3/);
  assert.match(headerError('#pragma pack(pop)').message, /without a matching #pragma pack\(push\)/);
  assert.match(headerError('struct a { int x; };\nstruct a { int y; };').message, /^bad.h:2:8: struct a is already defined at bad.h:1/);
  assert.match(headerError('struct a { int x; int x; };').message, /field "x" appears twice in struct a/);
  assert.match(headerError('struct a { };').message, /struct a has no fields/);
  assert.match(headerError('/* open').message, /^bad.h:1:1: unterminated \/\* comment/);
  assert.match(headerError('struct a { struct missing m; };').message, /struct missing is not defined before "m"/);
});

test('unsupported constructs are named, not skipped', () => {
  assert.match(headerError('struct a { DWORD flags : 33; };').message, /^bad.h:1:26: bit field flags is 33 bits wide, more than the 32 bits of DWORD/);
  assert.match(headerError('struct a { BYTE b : 9; };').message, /^bad.h:1:21: bit field b is 9 bits wide, more than the 8 bits of BYTE/);
  assert.match(headerError('struct a { float f : 2; };').message, /^bad.h:1:22: f: a bit field needs an integer or enum type/);
  assert.match(headerError('struct a { int n : 0; };').message, /^bad.h:1:20: bit field n has width 0/);
  assert.match(headerError('struct a { int n : -1; };').message, /^bad.h:1:20: bit field n has a negative width/);
  assert.match(headerError('struct a { int *p : 2; };').message, /bit field p cannot be a pointer/);
  assert.match(headerError('typedef DWORD T : 3;').message, /bit field \("T : ..."\) can only be a struct or union member/);
  assert.match(headerError('struct a { union u1 { int x; } u; union u1 *p; struct u1 q; };').message, /u1 is defined as a union at bad.h:1, not a struct/);
  assert.match(headerError('struct a { union { int x; }; int x; };').message, /^bad.h:1:37: field "x" appears twice in struct a/);
  assert.match(headerError('struct a { DWORD n; BYTE data[]; };').message, /flexible array member data\[\] is not supported/);
  assert.match(headerError('struct a { BYTE data[0]; };').message, /array data has size 0/);
  assert.match(headerError('struct a { __declspec(align(16)) int x; };').message, /__declspec\(...\) is not supported/);
  assert.match(headerError('struct a { int x; } __attribute__((packed));').message, /__attribute__\(\(...\)\) is not supported/);
  assert.match(headerError('struct a { long double x; };').message, /long double is not supported/);
  assert.match(headerError('struct a { DWORD; };').message, /^bad.h:1:17: expected a member name after the type, found ";"/);
  assert.match(headerError('#pragma pack(1)\nstruct a { int x;\n#pragma pack(2)\n int y; };').message, /#pragma pack inside a struct body is not supported/);
});

test('what is not a type is skipped and listed; preprocessor conditionals and guards pass', () => {
  const parsed = parseHeader(`
    #ifndef GUARD_H
    #define GUARD_H
    #include <windows.h>
    #pragma once
    #ifdef __cplusplus
    extern "C" {
    #endif
    #define MAKE(x) ((x) + 1)
    BOOL WINAPI Start(HANDLE h, DWORD flags);
    static int inline_helper(int a) { return a + 1; }
    typedef void (*CALLBACK_FN)(DWORD);
    extern DWORD g_counter;
    struct kept { DWORD v; void (*on_event)(DWORD code); };
    #ifdef __cplusplus
    }
    #endif
    #endif
  `, 'guarded.h', emptyScope());
  assert.deepEqual(parsed.structs.map((s) => [s.name, s.size]), [['kept', 16]]);
  assert.equal(parsed.skipped.length, 3);
  assert.match(parsed.skipped[0], /^guarded.h:10: BOOL WINAPI Start/);
  assert.match(parsed.skipped[2], /^guarded.h:13: extern DWORD g_counter/);
});

test('typedefs of scalars and arrays become usable types with their own names', () => {
  const s = only('typedef DWORD IPADDR;\ntypedef BYTE MAC[6];\ntypedef unsigned long long STAMP;\nstruct n { IPADDR ip; MAC mac; STAMP at; };');
  assert.deepEqual(fieldsOf(s), [['ip', 'IPADDR', 0, 4], ['mac', 'BYTE[6]', 4, 6], ['at', 'STAMP', 16, 8]]);
});

test('a typedef of a struct declared before its definition names it once it is defined', () => {
  const scope = emptyScope();
  const parsed = parseHeader('typedef struct _NODE NODE, *PNODE;\nstruct _NODE { PNODE next; DWORD value; };\nstruct list { NODE head; };', 'fwd.h', scope);
  const node = parsed.structs.find((s) => s.aliases.includes('_NODE'))!;
  assert.deepEqual([node.name, node.cName, node.aliases], ['NODE', 'NODE', ['_NODE', 'NODE']]);
  assert.deepEqual(fieldsOf(node), [['next', 'PNODE', 0, 8], ['value', 'DWORD', 8, 4]]);
  assert.equal(parsed.structs.find((s) => s.name === 'list')!.fields[0].type.kind, 'struct');
  assert.deepEqual(parsed.skipped, []);
});
