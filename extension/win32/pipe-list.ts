/**
 * The pipes that exist on this machine: the `\\.\pipe\` directory read with NtQueryDirectoryFile
 * (as Sysinternals PipeList does), which gives each pipe's current and maximum instances.
 */
import koffi from 'koffi';
import type { PipeInfo } from '../core/backend';
import { Win32Error, lastError } from './errors';
import { FILE_SHARE_READ, FILE_SHARE_WRITE, GENERIC_READ, INVALID_HANDLE_VALUE, OPEN_EXISTING, k32 } from './kernel32';

const FILE_DIRECTORY_INFORMATION = 1;
const STATUS_NO_MORE_FILES = 0x80000006 | 0;
const BUFFER_SIZE = 256 * 1024;

let ntQueryDirectoryFile: ((...args: unknown[]) => number) | undefined;

function query(): (...args: unknown[]) => number {
  ntQueryDirectoryFile ??= koffi
    .load('ntdll.dll')
    .func('int32_t __stdcall NtQueryDirectoryFile(intptr_t file, intptr_t event, void *apc, void *apcContext, void *ioStatus, void *buffer, uint32_t length, int infoClass, bool single, void *fileName, bool restart)');
  return ntQueryDirectoryFile;
}

export async function listPipes(): Promise<PipeInfo[]> {
  const dir = k32.CreateFileW('\\\\.\\pipe\\', GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, null, OPEN_EXISTING, 0, 0);
  if (dir === INVALID_HANDLE_VALUE) throw new Win32Error(lastError('CreateFileW(\\\\.\\pipe\\)'));
  const pipes: PipeInfo[] = [];
  try {
    const buffer = new Uint8Array(BUFFER_SIZE);
    const view = new DataView(buffer.buffer);
    const ioStatus = new Uint8Array(16);
    for (let restart = true; ; restart = false) {
      const status = query()(dir, 0, null, null, ioStatus, buffer, buffer.length, FILE_DIRECTORY_INFORMATION, false, null, restart);
      if (status === STATUS_NO_MORE_FILES) break;
      if (status !== 0) {
        const code = (status >>> 0).toString(16).toUpperCase();
        throw new Error(`NtQueryDirectoryFile(\\\\.\\pipe\\) failed with NTSTATUS 0x${code}: this system does not list its pipes`);
      }
      for (let offset = 0; ; ) {
        const nameLength = view.getUint32(offset + 60, true);
        const name = new TextDecoder('utf-16le').decode(buffer.subarray(offset + 64, offset + 64 + nameLength));
        const max = view.getInt32(offset + 48, true);
        pipes.push({ path: `\\\\.\\pipe\\${name}`, name, currentInstances: view.getUint32(offset + 40, true), maxInstances: max < 0 ? undefined : max });
        const next = view.getUint32(offset, true);
        if (!next) break;
        offset += next;
      }
    }
  } finally {
    k32.CloseHandle(dir);
  }
  return pipes.sort((a, b) => a.name.localeCompare(b.name));
}
