/**
 * The scalar C and Windows types a struct field can have, with their sizes on Windows x64 (LLP64:
 * `long` is 4 bytes, pointers 8, `wchar_t` 2). Linux x86_64 (LP64) differs for `long` and `wchar_t`.
 * On x86 pointers and the pointer-sized integers are 4 bytes (`primitiveNamed(name, 'x86')`).
 */
import { pointerSize, type Arch } from '../core/arch';

export type Scalar = 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'u64' | 'i64' | 'f32' | 'f64';

/** How a value of the type is shown: `char`/`wchar` arrays become strings, `byte` arrays hex bytes. */
export type Style = 'number' | 'char' | 'wchar' | 'byte' | 'bool' | 'pointer';

export interface Primitive {
  /** The name as written in C, e.g. `DWORD`, `unsigned short`, `uint8_t`. */
  name: string;
  scalar: Scalar;
  style: Style;
}

export const SCALAR_SIZE: Record<Scalar, number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8, f32: 4, f64: 8 };

export function isSigned(scalar: Scalar): boolean {
  return scalar.startsWith('i');
}

export function isInteger(scalar: Scalar): boolean {
  return !scalar.startsWith('f');
}

/** Integers as wide as a pointer: 8 bytes on x64 and arm64, 4 on x86. */
const POINTER_SIZED_SIGNED = ['SSIZE_T', 'LONG_PTR', 'INT_PTR', 'LPARAM', 'LRESULT', 'ptrdiff_t', 'intptr_t'];
const POINTER_SIZED_UNSIGNED = ['SIZE_T', 'size_t', 'ULONG_PTR', 'UINT_PTR', 'DWORD_PTR', 'WPARAM', 'SOCKET', 'uintptr_t', 'KAFFINITY'];

const table: [string[], Scalar, Style][] = [
  [['char', 'CHAR', 'CCHAR'], 'i8', 'char'],
  [['signed char', 'INT8', 'int8_t', '__int8'], 'i8', 'number'],
  [['BYTE', 'UCHAR', 'unsigned char', 'UINT8', 'uint8_t', 'unsigned __int8'], 'u8', 'byte'],
  [['WCHAR', 'wchar_t'], 'u16', 'wchar'],
  [['SHORT', 'short', 'signed short', 'short int', 'signed short int', 'INT16', 'int16_t', '__int16'], 'i16', 'number'],
  [['WORD', 'USHORT', 'unsigned short', 'unsigned short int', 'UINT16', 'uint16_t', 'unsigned __int16', 'ATOM', 'LANGID'], 'u16', 'number'],
  [['INT', 'int', 'signed', 'signed int', 'LONG', 'long', 'signed long', 'long int', 'signed long int', 'INT32', 'LONG32', 'int32_t', '__int32', 'HRESULT', 'NTSTATUS'], 'i32', 'number'],
  [['DWORD', 'UINT', 'unsigned', 'unsigned int', 'ULONG', 'unsigned long', 'unsigned long int', 'UINT32', 'ULONG32', 'DWORD32', 'uint32_t', 'unsigned __int32', 'COLORREF', 'LCID'], 'u32', 'number'],
  [['LONGLONG', 'long long', 'signed long long', 'long long int', 'signed long long int', 'INT64', 'LONG64', 'int64_t', '__int64'], 'i64', 'number'],
  [['ULONGLONG', 'unsigned long long', 'unsigned long long int', 'DWORD64', 'UINT64', 'ULONG64', 'QWORD', 'uint64_t', 'unsigned __int64'], 'u64', 'number'],
  [POINTER_SIZED_SIGNED, 'i64', 'number'],
  [POINTER_SIZED_UNSIGNED, 'u64', 'number'],
  [['BOOL'], 'i32', 'bool'],
  [['BOOLEAN', 'bool', '_Bool'], 'u8', 'bool'],
  [['FLOAT', 'float'], 'f32', 'number'],
  [['DOUBLE', 'double'], 'f64', 'number'],
  [
    ['HANDLE', 'HWND', 'HMODULE', 'HINSTANCE', 'HKEY', 'HLOCAL', 'HGLOBAL', 'HDC', 'HICON', 'HMENU', 'HBRUSH', 'HFONT', 'HEVENT',
      'PVOID', 'LPVOID', 'LPCVOID', 'LPSTR', 'LPCSTR', 'LPWSTR', 'LPCWSTR', 'PSTR', 'PCSTR', 'PWSTR', 'PCWSTR', 'PCHAR', 'PBYTE',
      'LPBYTE', 'PWORD', 'LPWORD', 'PDWORD', 'LPDWORD', 'PULONG', 'PLONG', 'PHANDLE', 'LPHANDLE', 'FARPROC'],
    'u64',
    'pointer',
  ],
];

const byName = new Map<string, Primitive>();
/** The same names on x86, where the pointer-sized ones are 4 bytes. */
const byName32 = new Map<string, Primitive>();
for (const [names, scalar, style] of table) {
  for (const name of names) {
    byName.set(name, { name, scalar, style });
    const narrow = scalar === 'u64' && (style === 'pointer' || POINTER_SIZED_UNSIGNED.includes(name)) ? 'u32' : scalar === 'i64' && POINTER_SIZED_SIGNED.includes(name) ? 'i32' : scalar;
    byName32.set(name, { name, scalar: narrow, style });
  }
}

export function primitiveNamed(name: string, arch: Arch = 'x64'): Primitive | undefined {
  return (pointerSize(arch) === 4 ? byName32 : byName).get(name);
}

/** A `T *` field: 8 bytes on x64 and arm64, 4 on x86. */
export function pointerTo(target: string, arch: Arch = 'x64'): Primitive {
  return { name: `${target} *`, scalar: pointerSize(arch) === 4 ? 'u32' : 'u64', style: 'pointer' };
}

/** The words C builds multi-word type names from (`unsigned long long int`). */
export const TYPE_KEYWORDS = new Set(['unsigned', 'signed', 'short', 'long', 'int', 'char', 'float', 'double', 'void', '__int8', '__int16', '__int32', '__int64']);

/** Names every combination of TYPE_KEYWORDS in the canonical order used by the table above. */
export function canonicalKeywordType(words: string[]): string {
  const count = (w: string) => words.filter((x) => x === w).length;
  const sign = count('unsigned') ? 'unsigned' : count('signed') ? 'signed' : '';
  const longs = count('long');
  const base = ['char', 'float', 'double', 'void', '__int8', '__int16', '__int32', '__int64'].find((w) => count(w));
  const parts: string[] = [];
  if (sign) parts.push(sign);
  if (count('short')) parts.push('short');
  for (let i = 0; i < longs; i++) parts.push('long');
  if (base) parts.push(base);
  else if (count('int')) parts.push('int');
  return parts.join(' ');
}
