/**
 * The pipes that exist on this machine: the `\\.\pipe\` directory read with NtQueryDirectoryFile
 * (as Sysinternals PipeList does), which gives each pipe's current and maximum instances.
 */
import type { PipeInfo } from '../core/backend';
import { Win32Error, lastError } from './errors';
import {
  FILE_SHARE_READ, FILE_SHARE_WRITE, FileDirectoryInformation, GENERIC_READ, INVALID_HANDLE_VALUE, NTDLL, OPEN_EXISTING, STATUS_NO_MORE_FILES, STRUCTS,
  bind, k32,
} from './kernel32';

const BUFFER_SIZE = 256 * 1024;
const { FILE_DIRECTORY_INFORMATION: ENTRY, IO_STATUS_BLOCK } = STRUCTS;

let ntdll: ReturnType<typeof bind<typeof NTDLL>> | undefined;

export async function listPipes(): Promise<PipeInfo[]> {
  const dir = k32.CreateFileW('\\\\.\\pipe\\', GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, null, OPEN_EXISTING, 0, 0);
  if (dir === INVALID_HANDLE_VALUE) throw new Win32Error(lastError('CreateFileW(\\\\.\\pipe\\)'));
  const pipes: PipeInfo[] = [];
  try {
    const buffer = new Uint8Array(BUFFER_SIZE);
    const view = new DataView(buffer.buffer);
    const ioStatus = new Uint8Array(IO_STATUS_BLOCK.size);
    ntdll ??= bind('ntdll.dll', NTDLL);
    for (let restart = 1; ; restart = 0) {
      const status = ntdll.NtQueryDirectoryFile(dir, 0, null, null, ioStatus, buffer, buffer.length, FileDirectoryInformation, 0, null, restart);
      if (status === STATUS_NO_MORE_FILES) break;
      if (status !== 0) {
        const code = (status >>> 0).toString(16).toUpperCase();
        throw new Error(`NtQueryDirectoryFile(\\\\.\\pipe\\) failed with NTSTATUS 0x${code}: this system does not list its pipes`);
      }
      for (let offset = 0; ; ) {
        // A pipe's entry: its current instances in EndOfFile, its instance limit (-1: unlimited) in AllocationSize.
        const nameLength = view.getUint32(offset + ENTRY.fields.FileNameLength, true);
        const nameAt = offset + ENTRY.fields.FileName;
        const name = new TextDecoder('utf-16le').decode(buffer.subarray(nameAt, nameAt + nameLength));
        const max = view.getInt32(offset + ENTRY.fields.AllocationSize, true);
        pipes.push({ path: `\\\\.\\pipe\\${name}`, name, currentInstances: view.getUint32(offset + ENTRY.fields.EndOfFile, true), maxInstances: max < 0 ? undefined : max });
        const next = view.getUint32(offset + ENTRY.fields.NextEntryOffset, true);
        if (!next) break;
        offset += next;
      }
    }
  } finally {
    k32.CloseHandle(dir);
  }
  return pipes.sort((a, b) => a.name.localeCompare(b.name));
}
