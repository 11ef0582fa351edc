/**
 * Writes to a mailslot, local, on another computer or broadcast: CreateFileW + WriteFile.
 * A mailslot write only queues a message (or sends one datagram), so it is made directly.
 */
import { checkMailslotPayload, type Endpoint } from '../core/endpoint';
import type { Sender } from '../core/backend';
import { ERROR, Win32Error, lastError } from './errors';
import { FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_SHARE_WRITE, GENERIC_WRITE, INVALID_HANDLE_VALUE, OPEN_EXISTING, k32 } from './kernel32';

export async function openMailslotSender(endpoint: Endpoint): Promise<Sender> {
  if (endpoint.kind !== 'mailslot') throw new Error(`${endpoint.path} is not a mailslot`);
  let handle = k32.CreateFileW(endpoint.path, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, null, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, 0);
  if (handle === INVALID_HANDLE_VALUE) {
    throw new Win32Error(lastError(`CreateFileW(${endpoint.path})`, {
      [ERROR.FILE_NOT_FOUND]: 'No process has created this mailslot (start a reader or a Slotpipe watcher first)',
      [ERROR.PATH_NOT_FOUND]: 'The name cannot be reached; remote and broadcast mailslots need Windows with SMB1 mailslots enabled',
    }));
  }
  const written = new Uint32Array(1);
  return {
    async send(bytes) {
      checkMailslotPayload(endpoint, bytes.length);
      if (handle === INVALID_HANDLE_VALUE) throw new Error(`the sender for ${endpoint.path} is closed`);
      if (!k32.WriteFile(handle, bytes, bytes.length, written, null)) throw new Win32Error(lastError(`WriteFile(${endpoint.path})`));
    },
    async close() {
      if (handle !== INVALID_HANDLE_VALUE) k32.CloseHandle(handle);
      handle = INVALID_HANDLE_VALUE;
    },
  };
}
