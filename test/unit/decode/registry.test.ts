import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeaderError } from '../../../extension/decode/header-error';
import { StructRegistry } from '../../../extension/decode/registry';

test('built-ins: MS_MESSAGE (32 bytes, magic 0xaabbccdd) and a few Windows structs', () => {
  const r = StructRegistry.withBuiltins();
  assert.deepEqual(r.names(), ['MS_MESSAGE', 'GUID', 'FILETIME', 'SYSTEMTIME', 'LARGE_INTEGER', 'ULARGE_INTEGER', 'POINT', 'RECT']);
  const ms = r.get('MS_MESSAGE')!;
  assert.equal(ms.size, 32);
  assert.deepEqual(ms.magic && [ms.magic.field, ms.magic.value, ms.magic.constant], ['msg_id', 0xaabbccddn, 'MS_MESSAGE_ID']);
  assert.equal(r.get('_MS_MESSAGE_'), ms);
  assert.equal(r.get('GUID')!.size, 16);
  assert.equal(r.constant('MS_MESSAGE_ID'), 0xaabbccddn);
  assert.deepEqual(new StructRegistry().names(), []);
});

test('magic: a constant named after the struct, a magic: comment, or none', () => {
  const r = new StructRegistry();
  r.addHeader('m.h', `
    #define HELLO_ID 0x48454c4f
    #define OTHER 7
    typedef struct _HELLO_ { DWORD id; BYTE b; } HELLO;
    typedef struct { WORD kind; /* magic: 0x0102 */ WORD len; } DECLARED;
    typedef struct { WORD kind; // magic: OTHER
    } BY_NAME;
    typedef struct { DWORD kind; } NONE;
    typedef struct { BYTE kind; } TOO_SMALL; // TOO_SMALL_ID does not fit in a BYTE
    #define TOO_SMALL_ID 0x1234
    #define PING_MSG_ID 0x50494e47
    typedef struct { DWORD msg_id; DWORD seq; } PING;
    #define A_TAG_ID 1
    #define B_TAG_ID 2
    typedef struct { DWORD tag_id; } AMBIGUOUS;
    #define PONG_MSG_ID 0x504f4e47
    typedef struct { DWORD msg_id; } PONG;
  `);
  assert.equal(r.get('HELLO')!.magic!.why, 'HELLO_ID is #defined for struct HELLO');
  assert.deepEqual([r.get('DECLARED')!.magic!.value, r.get('DECLARED')!.magic!.why], [0x0102n, 'declared in the comment of kind']);
  assert.deepEqual([r.get('BY_NAME')!.magic!.value, r.get('BY_NAME')!.magic!.constant], [7n, 'OTHER']);
  assert.equal(r.get('NONE')!.magic, undefined);
  assert.equal(r.get('TOO_SMALL')!.magic, undefined);
  assert.deepEqual([r.get('PING')!.magic!.constant, r.get('PING')!.magic!.why], ['PING_MSG_ID', 'PING_MSG_ID is named after the first field msg_id']);
  assert.equal(r.get('PONG')!.magic!.constant, 'PONG_MSG_ID');
  assert.equal(r.get('AMBIGUOUS')!.magic, undefined, 'two *_TAG_ID constants: neither is chosen');
});

test('later headers see earlier constants and types; a user header may redefine a built-in', () => {
  const r = StructRegistry.withBuiltins();
  r.addHeader('base.h', '#define LEN 8\ntypedef struct { BYTE v[LEN]; } BASE;');
  const summary = r.addHeader('more.h', 'typedef struct { BASE b; char name[LEN * 2]; } MORE;\ntypedef struct _MS_MESSAGE_ { DWORD msg_id; } MS_MESSAGE;');
  assert.deepEqual(summary.structs, ['MORE', 'MS_MESSAGE']);
  assert.equal(r.get('MORE')!.size, 24);
  assert.equal(r.get('MS_MESSAGE')!.size, 4);
  assert.deepEqual(r.names(), ['GUID', 'FILETIME', 'SYSTEMTIME', 'LARGE_INTEGER', 'ULARGE_INTEGER', 'POINT', 'RECT', 'BASE', 'MORE', 'MS_MESSAGE']);
});

test('two user headers may not give one name two layouts; a failed header changes nothing', () => {
  const r = new StructRegistry();
  r.addHeader('a.h', 'typedef struct { DWORD x; } SAME;');
  r.addHeader('b.h', 'typedef struct { DWORD x; } SAME;');
  assert.throws(() => r.addHeader('c.h', '\n\ntypedef struct { WORD x; } SAME;'), (err) => {
    assert.ok(err instanceof HeaderError);
    assert.equal(err.message, 'c.h:3:1: struct SAME is already defined at b.h:1 with a different layout');
    return true;
  });
  assert.throws(() => r.addHeader('d.h', '#define Q 1\ntypedef struct { DWORD y; } NEW;\nstruct broken {'), HeaderError);
  assert.equal(r.get('NEW'), undefined);
  assert.equal(r.constant('Q'), undefined);
  assert.deepEqual(r.names(), ['SAME']);
});

test('Windows SDK sizes such as MAX_PATH can size arrays without <windows.h>', () => {
  const r = StructRegistry.withBuiltins();
  r.addHeader('paths.h', 'typedef struct { WCHAR path[MAX_PATH]; char host[MAX_COMPUTERNAME_LENGTH + 1]; char ip[INET_ADDRSTRLEN]; } PATHS;');
  assert.equal(r.get('PATHS')!.size, 2 * 260 + 16 + 22);
});
