/**
 * kernel32 through koffi: the declarations of win32-api.ts bound, loaded on first use (never at
 * activation, never off Windows). HANDLE is `intptr_t`, so INVALID_HANDLE_VALUE is -1.
 */
import koffi, { type LibraryHandle } from 'koffi';
import { KERNEL32 } from './win32-api';

export * from './win32-api';

/** The functions of one table of win32-api.ts, bound to their DLL. */
export function bind<T extends Record<string, string>>(dll: string, prototypes: T): { [K in keyof T]: Bound } {
  const lib = koffi.load(dll);
  return Object.fromEntries(Object.entries(prototypes).map(([name, prototype]) => [name, lib.func(prototype)])) as { [K in keyof T]: Bound };
}

type Bound = ReturnType<LibraryHandle['func']>;

// Pointer parameters are `void *`: a TypedArray passes its own memory, a koffi.alloc pointer passes native memory.
// BOOL results are 4-byte ints: test them for truth (or `!== 0`), never `=== true`.
export const k32 = bind('kernel32.dll', KERNEL32);

/** Native memory that stays put while the OS uses it (OVERLAPPED structures, overlapped read buffers). */
export function allocNative(size: number): { pointer: unknown; bytes: Uint8Array; free(): void } {
  const pointer = koffi.alloc('uint8_t', size);
  const bytes = new Uint8Array(koffi.view(pointer, size));
  bytes.fill(0);
  return { pointer, bytes, free: () => koffi.free(pointer) };
}

/** The address of native memory as a number, to recognise an OVERLAPPED handed back by a completion port. */
export function addressOf(pointer: unknown): bigint {
  return koffi.address(pointer);
}

/** A NUL-terminated UTF-16LE string read from a buffer. */
export function fromWide(buffer: Uint16Array, length?: number): string {
  let end = length ?? buffer.indexOf(0);
  if (end < 0) end = buffer.length;
  let text = '';
  for (let i = 0; i < end; i += 4096) text += String.fromCharCode(...buffer.subarray(i, Math.min(end, i + 4096)));
  return text;
}
