/**
 * The Windows targets a struct can be laid out for. They differ only in the size of pointers and of
 * the pointer-sized integers (`SIZE_T`, `ULONG_PTR`, `HANDLE`, …): 8 bytes on x64 and arm64, 4 on x86.
 * MSVC aligns `double` and `__int64` to 8 in structs on all three, and lays out bit fields the same way.
 */
export const ARCHES = ['x64', 'x86', 'arm64'] as const;
export type Arch = (typeof ARCHES)[number];
export const DEFAULT_ARCH: Arch = 'x64';

export function isArch(value: unknown): value is Arch {
  return typeof value === 'string' && (ARCHES as readonly string[]).includes(value);
}

/** Accepts x64, x86, arm64 (any case, also amd64, i386, i686, win32 and aarch64); throws naming them. */
export function parseArch(text: string): Arch {
  const word = text.trim().toLowerCase();
  const known: Record<string, Arch> = { x64: 'x64', amd64: 'x64', x86_64: 'x64', x86: 'x86', i386: 'x86', i686: 'x86', win32: 'x86', arm64: 'arm64', aarch64: 'arm64' };
  const arch = known[word];
  if (!arch) throw new Error(`unknown target "${text}"; use x64, x86 or arm64`);
  return arch;
}

export function pointerSize(arch: Arch): 4 | 8 {
  return arch === 'x86' ? 4 : 8;
}
