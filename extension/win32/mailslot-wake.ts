/**
 * How a stop reaches a mailslot reader that waits in ReadFile without a timeout: the stopping side
 * writes the watcher's wake token, 16 random bytes, into the mailslot, and the reader drops exactly
 * that message and ends. Everything written before the stop is queued ahead of the token, so nothing
 * is lost, and an idle reader never wakes on its own. (Under Wine a blocked mailslot read cannot be
 * cancelled from another thread, nor does a mailslot handle take a completion port or wait overlapped.)
 */
import { randomBytes } from 'node:crypto';
import { FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_SHARE_WRITE, GENERIC_WRITE, INVALID_HANDLE_VALUE, OPEN_EXISTING, k32 } from './kernel32';

export const WAKE_TOKEN_SIZE = 16;

export function newWakeToken(): Uint8Array {
  return new Uint8Array(randomBytes(WAKE_TOKEN_SIZE));
}

export function isWakeToken(message: Uint8Array, token: Uint8Array): boolean {
  if (message.length !== token.length) return false;
  for (let i = 0; i < token.length; i++) if (message[i] !== token[i]) return false;
  return true;
}

/**
 * Writes the token into the mailslot at `path` (a local mailslot write only queues it). False when the
 * mailslot cannot be opened or written: its reader has already gone.
 */
export function sendWakeToken(path: string, token: Uint8Array): boolean {
  // The reader's own handle is open for reading: without FILE_SHARE_READ the open fails with a sharing violation.
  const handle = k32.CreateFileW(path, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, null, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, 0);
  if (handle === INVALID_HANDLE_VALUE) return false;
  try {
    return k32.WriteFile(handle, token, token.length, new Uint32Array(1), null) !== 0;
  } finally {
    k32.CloseHandle(handle);
  }
}
