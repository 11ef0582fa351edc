/**
 * `#include`: where a header name leads and which files stand for the Windows SDK. `"x.h"` is looked
 * for beside the including file, then along the include path; `<x.h>` along the include path only,
 * and an SDK or C library header found nowhere stands for the types Slotpipe knows. Reading is left
 * to a `HeaderFiles` (the file system in the CLI and the header worker, the files those read in the
 * webview), so decode/ stays pure.
 */

export interface HeaderFiles {
  /** The text of the file at `path`, or undefined when there is none; throws when it is there but cannot be read. */
  read(path: string): string | undefined;
  /** Folders searched after the including file's own (`slotpipe.includePath`, `--include-dir`). */
  includePath: readonly string[];
}

/** Windows SDK and C library headers that stand for Slotpipe's own knowledge of their types. */
export const KNOWN_SYSTEM_HEADERS = new Set([
  'windows.h', 'windef.h', 'winnt.h', 'minwindef.h', 'minwinbase.h', 'basetsd.h', 'wtypes.h', 'wtypesbase.h', 'winbase.h', 'winerror.h',
  'guiddef.h', 'winsock.h', 'winsock2.h', 'ws2def.h', 'ws2tcpip.h', 'inaddr.h', 'in6addr.h', 'objbase.h', 'ole2.h', 'tchar.h', 'sdkddkver.h',
  'winuser.h', 'wingdi.h', 'winreg.h', 'winsvc.h', 'rpc.h', 'rpcdce.h', 'ntdef.h', 'ntstatus.h', 'intsafe.h', 'specstrings.h', 'sal.h',
  'stdint.h', 'stddef.h', 'stdbool.h', 'limits.h', 'stdlib.h', 'stdio.h', 'string.h', 'wchar.h', 'time.h', 'stdarg.h', 'inttypes.h',
  'cstdint', 'cstddef',
]);

/** The header name of an `#include` line's tokens: `"x.h"` or `<x.h>`, or undefined. */
export function includeName(body: readonly { kind: string; text: string }[]): { name: string; angled: boolean } | undefined {
  const first = body[0];
  if (!first) return undefined;
  if (first.kind === 'string' && body.length === 1) return { name: first.text.slice(1, -1), angled: false };
  const close = body.findIndex((t) => t.text === '>');
  if (first.text === '<' && close === body.length - 1 && close > 1) return { name: body.slice(1, close).map((t) => t.text).join(''), angled: true };
  return undefined;
}

function folderOf(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return cut < 0 ? '' : file.slice(0, cut + 1);
}

/** `folder` + `name` with `.` and `..` resolved, in the folder's separator style. */
function joinPath(folder: string, name: string): string {
  const joined = /^([A-Za-z]:)?[\\/]/.test(name) || folder === '' ? name : `${folder.replace(/[\\/]$/, '')}/${name}`;
  const separator = joined.includes('\\') && !joined.includes('/') ? '\\' : /^[A-Za-z]:\\/.test(joined) ? '\\' : '/';
  const parts: string[] = [];
  for (const part of joined.split(/[\\/]/)) {
    if (part === '.') continue;
    if (part === '..' && parts.length && parts[parts.length - 1] !== '..' && parts[parts.length - 1] !== '' && !/^[A-Za-z]:$/.test(parts[parts.length - 1])) parts.pop();
    else parts.push(part);
  }
  return parts.join(separator);
}

/** The paths tried for `name`, in order. */
export function includeCandidates(name: string, from: string, angled: boolean, includePath: readonly string[]): string[] {
  const own = angled ? [] : [joinPath(folderOf(from), name)];
  return [...own, ...includePath.map((dir) => joinPath(dir, name))];
}

export type FoundInclude = { path: string; source: string } | { known: true } | { missing: string[] };

export function findInclude(files: HeaderFiles | undefined, name: string, from: string, angled: boolean): FoundInclude {
  const tried = includeCandidates(name, from, angled, files?.includePath ?? []);
  for (const path of tried) {
    const source = files?.read(path);
    if (source !== undefined) return { path, source };
  }
  if (KNOWN_SYSTEM_HEADERS.has(name.toLowerCase().replace(/\\/g, '/'))) return { known: true };
  return { missing: tried };
}

/** Header files given as text (the webview gets those the header worker read). */
export function filesFromMap(sources: ReadonlyMap<string, string>, includePath: readonly string[] = []): HeaderFiles {
  return { read: (path) => sources.get(path), includePath };
}
