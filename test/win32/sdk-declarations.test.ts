/**
 * Slotpipe's Win32 declarations (extension/win32/win32-api.ts) against the Windows SDK as mingw-w64
 * ships it, not only against what Wine accepts: generated C++ and C programs are compiled (never run)
 * with mingw-w64's headers and assert, for every function, each parameter's and the result's width and
 * kind (integer, pointer; a handle declared `intptr_t` may be either) and the parameter count; for every
 * struct its size and field offsets; for every constant its value. A declaration that differs fails
 * with what Slotpipe says and the SDK's line.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import * as api from '../../extension/win32/win32-api';

const CXX = 'x86_64-w64-mingw32-g++';
const CC = 'x86_64-w64-mingw32-gcc';
const compilerMissing = spawnSync(CXX, ['--version']).status !== 0;
const include = '/usr/share/mingw-w64/include';

type Kind = 'int' | 'ptr' | 'handle' | 'void';
interface Slot { text: string; kind: Kind; width: number }
interface Prototype { name: string; result: Slot; params: Slot[]; source: string }

const WIDTHS: Record<string, [Kind, number]> = {
  void: ['void', 0], bool: ['int', 1], char: ['int', 1], int8_t: ['int', 1], uint8_t: ['int', 1],
  int16_t: ['int', 2], uint16_t: ['int', 2], char16_t: ['int', 2], int: ['int', 4], int32_t: ['int', 4], uint32_t: ['int', 4],
  int64_t: ['int', 8], uint64_t: ['int', 8], intptr_t: ['handle', 8], uintptr_t: ['handle', 8],
};

/** `int32_t __stdcall CloseHandle(intptr_t h)` → its name, result and parameters as widths and kinds. */
function parsePrototype(source: string): Prototype {
  const match = /^\s*(.+?)\s*__stdcall\s+(\w+)\s*\((.*)\)\s*$/.exec(source);
  assert.ok(match, `not a koffi prototype: ${source}`);
  const slot = (declaration: string, named: boolean): Slot => {
    const text = declaration.replace(/\b_(In|Out|Inout)_\b/g, '').replace(/\bconst\b/g, '').trim();
    const type = (named ? text.replace(/\s*\w+$/, '') : text).replace(/\s+/g, ' ').trim();
    if (type.includes('*')) return { text: type, kind: 'ptr', width: 8 };
    const known = WIDTHS[type];
    assert.ok(known, `unknown koffi type "${type}" in ${source}`);
    return { text: type, kind: known[0], width: known[1] };
  };
  const params = match[3].trim() ? match[3].split(',').map((p) => slot(p, true)) : [];
  return { name: match[2], result: slot(match[1], false), params, source };
}

interface Declarations {
  functions: Record<string, Record<string, string>>;
  constants: Record<string, number>;
  structs: Record<string, { size?: number; fields: Record<string, number> }>;
}

/** What win32-api.ts declares: the function tables by DLL, every numeric constant, ERROR_* and the struct layouts. */
function declarations(): Declarations {
  const constants: Record<string, number> = {};
  for (const [name, value] of Object.entries(api)) if (typeof value === 'number') constants[name] = value;
  for (const [name, value] of Object.entries(api.ERROR)) constants[`ERROR_${name}`] = value;
  return {
    functions: { 'kernel32.dll': api.KERNEL32, 'advapi32.dll': api.ADVAPI32, 'ntdll.dll': api.NTDLL },
    constants,
    structs: api.STRUCTS,
  };
}

const FUNCTION_HELPERS = `
#include <cstddef>
#include <tuple>
#include <type_traits>
template <typename T> constexpr char kindOf() {
  if constexpr (std::is_void<T>::value) return 'v';
  else if constexpr (std::is_pointer<T>::value) return 'p';
  else if constexpr (std::is_integral<T>::value || std::is_enum<T>::value) return 'i';
  else return '?';
}
template <typename T> constexpr std::size_t widthOf() { if constexpr (std::is_void<T>::value) return 0; else return sizeof(T); }
// 'h': a handle Slotpipe passes as intptr_t, a pointer or a pointer-wide integer in the SDK.
template <typename T> constexpr bool fits(char kind, std::size_t width) {
  return widthOf<T>() == width && (kindOf<T>() == kind || (kind == 'h' && (kindOf<T>() == 'p' || kindOf<T>() == 'i')));
}
template <typename F> struct sig;
template <typename R, typename... A> struct sig<R (*)(A...)> {
  using result = R;
  static constexpr std::size_t arity = sizeof...(A);
  template <std::size_t N> static constexpr bool arg(char kind, std::size_t width) {
    if constexpr (N < sizeof...(A)) return fits<typename std::tuple_element<N, std::tuple<A...>>::type>(kind, width);
    else return true; // the count is reported on its own
  }
};
`;

const KIND_LETTER: Record<Kind, string> = { int: 'i', ptr: 'p', handle: 'h', void: 'v' };
const describeSlot = (slot: Slot) => `${slot.text} (${slot.width} byte${slot.width === 1 ? '' : 's'}${slot.kind === 'handle' ? ', a handle or pointer-wide integer' : slot.kind === 'ptr' ? ', a pointer' : ''})`;

/** One static_assert a fact; its message is `slotpipe|<SDK name>|<what Slotpipe says>`. */
function functionChecks(prototypes: Prototype[]): string {
  return prototypes.flatMap((p) => {
    const sig = `sig<decltype(&${p.name})>`;
    const say = (what: string) => JSON.stringify(`slotpipe|${p.name}|${what} in \`${p.source}\``);
    return [
      `static_assert(${sig}::arity == ${p.params.length}, ${say(`${p.params.length} parameters`)});`,
      `static_assert(fits<${sig}::result>('${KIND_LETTER[p.result.kind]}', ${p.result.width}), ${say(`the result is ${describeSlot(p.result)}`)});`,
      ...p.params.map((param, i) =>
        `static_assert(${sig}::arg<${i}>('${KIND_LETTER[param.kind]}', ${param.width}), ${say(`parameter ${i + 1} is ${describeSlot(param)}`)});`),
    ];
  }).join('\n');
}

function valueChecks(d: Declarations): string {
  const say = (name: string, what: string) => JSON.stringify(`slotpipe|${name}|${what} in win32-api.ts`);
  return [
    ...Object.entries(d.constants).map(([name, value]) =>
      `_Static_assert((long long)(intptr_t)(${name}) == ${value}LL, ${say(name, `${name} is ${value} (0x${(value >>> 0).toString(16)})`)});`),
    ...Object.entries(d.structs).flatMap(([name, layout]) => [
      ...(layout.size === undefined ? [] : [`_Static_assert(sizeof(${name}) == ${layout.size}, ${say(name, `${name} is ${layout.size} bytes`)});`]),
      ...Object.entries(layout.fields).map(([field, offset]) =>
        `_Static_assert(offsetof(${name}, ${field}) == ${offset}, ${say(name, `${name}.${field} is at offset ${offset}`)});`),
    ]),
  ].join('\n');
}

const WINDOWS_HEADERS = `#define WIN32_NO_STATUS
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>
#include <winternl.h>
#include <sddl.h>
#include <aclapi.h>
#include <stddef.h>
#include <stdint.h>
`;

/** The programs: kernel32 and advapi32 with <windows.h>, ntdll with the DDK's <ntifs.h>, the values in C. */
function programs(d: Declarations): { name: string; compiler: string; args: string[]; source: string }[] {
  const parsed = (dll: string) => Object.entries(d.functions[dll] ?? {}).map(([name, source]) => {
    const p = parsePrototype(source);
    assert.equal(p.name, name, `${dll} ${name}: the prototype names ${p.name}`);
    return p;
  });
  const cxx = ['-std=c++17', '-fsyntax-only', '-w'];
  return [
    { name: 'functions.cpp', compiler: CXX, args: cxx, source: WINDOWS_HEADERS + FUNCTION_HELPERS + functionChecks([...parsed('kernel32.dll'), ...parsed('advapi32.dll')]) },
    {
      name: 'ntdll.cpp',
      compiler: CXX,
      // wdm.h defines these two itself; mingw-w64's intrinsics would define them again in C++.
      args: [...cxx, `-I${include}/ddk`, '-D__INTRINSIC_DEFINED_InterlockedBitTestAndSet', '-D__INTRINSIC_DEFINED_InterlockedBitTestAndReset'],
      source: '#include <ddk/ntifs.h>\n' + FUNCTION_HELPERS + functionChecks(parsed('ntdll.dll')),
    },
    { name: 'values.c', compiler: CC, args: ['-std=c11', '-fsyntax-only', '-w'], source: WINDOWS_HEADERS + valueChecks(d) },
  ];
}

/** Where the SDK declares `name` (a function, constant, enum value or struct), and the declaration's text. */
function sdkLine(name: string): string {
  const found = spawnSync('grep', ['-rnE', '--include=*.h', `(WINAPI|NTAPI|APIENTRY)[[:space:]]+${name}[[:space:]]*\\(|^${name}[[:space:]]*\\(|#define[[:space:]]+${name}\\b|^[[:space:]]*${name}[[:space:]]*=|\\}[[:space:]]*${name}\\b`, include], { encoding: 'utf8' });
  const first = found.stdout.split('\n').find(Boolean);
  if (!first) return `(not found in ${include})`;
  const [file, line] = first.split(':');
  // The whole declaration: from its line to the `;` (a function's parameters may span lines).
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const start = Number(line) - 1;
  let end = start;
  while (end < start + 16 && !lines[end].includes(';') && !lines[end].startsWith('#define')) end++;
  return `${file}:${line}: ${lines.slice(start, end + 1).map((l) => l.trim()).join(' ')}`;
}

/** Compiles the programs; every failed assertion as `what Slotpipe says` + the SDK's line. */
function check(d: Declarations, dir: string): string[] {
  return programs(d).flatMap((program) => {
    const file = path.join(dir, program.name);
    fs.writeFileSync(file, program.source);
    const result = spawnSync(program.compiler, [...program.args, file], { encoding: 'utf8', timeout: 120_000 });
    const output = `${result.stdout}${result.stderr}`;
    const failures = [...output.matchAll(/static assertion failed: "?slotpipe\|([^|]+)\|([^"\n]+)"?/g)].map((m) => `${m[2]}\n    the SDK: ${sdkLine(m[1])}`);
    if (result.status !== 0 && failures.length === 0) failures.push(`${program.name} does not compile:\n${output.slice(0, 4000)}`);
    return failures;
  });
}

describe('Win32 declarations against the Windows SDK (mingw-w64 headers)', { skip: compilerMissing ? `${CXX} is not installed` : false }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-sdk-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('every function, constant and struct layout in win32-api.ts matches the SDK', () => {
    const d = declarations();
    assert.ok(Object.values(d.functions).flatMap(Object.keys).length >= 30, 'the function tables are read');
    const failures = check(d, dir);
    assert.deepEqual(failures, [], `declarations that differ from the SDK:\n${failures.join('\n')}`);
  });

  it('catches a declaration that differs, with the SDK\'s line', () => {
    const wrong: Declarations = {
      functions: {
        'kernel32.dll': {
          CloseHandle: 'bool __stdcall CloseHandle(intptr_t h)',
          OpenProcess: 'intptr_t __stdcall OpenProcess(uint32_t access, bool inherit, uint32_t pid)',
          SetMailslotInfo: 'int32_t __stdcall SetMailslotInfo(intptr_t h)',
        },
        'ntdll.dll': {
          NtQueryDirectoryFile:
            'int32_t __stdcall NtQueryDirectoryFile(intptr_t file, intptr_t event, void *apc, void *apcContext, void *ioStatus, void *buffer, uint64_t length, int infoClass, uint8_t single, void *fileName, uint8_t restart)',
        },
      },
      constants: { GENERIC_READ: 0x40000000, ERROR_MORE_DATA: 234 },
      structs: { OVERLAPPED: { size: 24, fields: { InternalHigh: 4 } } },
    };
    const failures = check(wrong, dir).join('\n');
    assert.match(failures, /the result is bool \(1 byte\) in `bool __stdcall CloseHandle\(intptr_t h\)`\n {4}the SDK: .*handleapi\.h:\d+: WINBASEAPI WINBOOL WINAPI CloseHandle \(HANDLE hObject\);/);
    assert.match(failures, /parameter 2 is bool \(1 byte\) in `intptr_t __stdcall OpenProcess.*\n {4}the SDK: .*WINAPI OpenProcess \(DWORD dwDesiredAccess, WINBOOL bInheritHandle, DWORD dwProcessId\);/);
    assert.match(failures, /1 parameters in `int32_t __stdcall SetMailslotInfo\(intptr_t h\)`/);
    assert.match(failures, /parameter 7 is uint64_t \(8 bytes\) in `int32_t __stdcall NtQueryDirectoryFile.*\n {4}the SDK: .*ntifs\.h:\d+: NtQueryDirectoryFile\( IN HANDLE FileHandle,.*IN BOOLEAN RestartScan\);/);
    assert.match(failures, /GENERIC_READ is 1073741824 \(0x40000000\) in win32-api\.ts\n {4}the SDK: .*#define GENERIC_READ/);
    assert.match(failures, /OVERLAPPED is 24 bytes in win32-api\.ts\n {4}the SDK: .*\} OVERLAPPED/);
    assert.match(failures, /OVERLAPPED\.InternalHigh is at offset 4/);
    assert.doesNotMatch(failures, /ERROR_MORE_DATA/);
    assert.equal(failures.split('\n    the SDK:').length - 1, 7, failures);
  });
});
