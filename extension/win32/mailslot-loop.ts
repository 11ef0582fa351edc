/**
 * The mailslot reader, run on the I/O worker thread: synchronous ReadFile that waits for the next
 * message without a timeout (unless the user set one), so an idle reader never wakes. A stop writes the
 * watcher's wake token into the mailslot (mailslot-wake.ts); the reader drops it and ends, after every
 * message queued ahead of it. While messages keep coming it reads with timeout 0 and hands them over in
 * batches; the first empty read flushes the batch and goes back to waiting.
 */
import { MessageFlag } from '../core/message';
import type { Batcher } from './batcher';
import { ERROR, errorInfo, lastError } from './errors';
import { INVALID_HANDLE_VALUE, MAILSLOT_NO_MESSAGE, MAILSLOT_WAIT_FOREVER, k32 } from './kernel32';
import { isWakeToken } from './mailslot-wake';
import type { WorkerJob, WorkerReport } from './worker-protocol';

const DEFAULT_BUFFER = 64 * 1024;

export interface MailslotReaderControl {
  /** Set by the main thread before it writes the wake token. */
  stopped(): boolean;
  /** Counts a wait that ended with no message (only a read timeout set by the user makes them). */
  idleWakeup(): void;
}

export function runMailslot(job: Extract<WorkerJob, { kind: 'mailslot' }>, control: MailslotReaderControl, batcher: Batcher, report: (r: WorkerReport) => void): void {
  const waitMs = job.readTimeout ?? MAILSLOT_WAIT_FOREVER;
  const handle = k32.CreateMailslotW(job.path, job.maxMessageSize, waitMs, null);
  if (handle === INVALID_HANDLE_VALUE) {
    report({
      type: 'failed',
      error: lastError(`CreateMailslotW(${job.path})`, {
        [ERROR.ALREADY_EXISTS]: 'Another process already owns this mailslot name; only one process can read a mailslot',
        [ERROR.INVALID_NAME]: 'The name is not a valid local mailslot name',
        [ERROR.PATH_NOT_FOUND]: 'Only local names (\\\\.\\mailslot\\...) can be created',
      }),
    });
    return;
  }
  report({ type: 'ready', detail: job.readTimeout === undefined ? 'reads wait for the next message' : `reads wait up to ${waitMs} ms` });
  // One byte more than the limit (and never below the default): Wine does not enforce a mailslot's
  // maximum message size, so only a longer message, which Windows would have refused, fills the buffer.
  let buffer = new Uint8Array(job.maxMessageSize ? Math.max(job.maxMessageSize + 1, DEFAULT_BUFFER) : DEFAULT_BUFFER);
  const count = new Uint32Array(1);
  const nextSize = new Uint32Array(1);
  let draining = false;
  try {
    for (;;) {
      if (k32.ReadFile(handle, buffer, buffer.length, count, null)) {
        const message = buffer.subarray(0, count[0]);
        if (isWakeToken(message, job.wakeToken) && control.stopped()) return;
        // Wine hands over a too-long message cut to the buffer; Windows fails with ERROR_INSUFFICIENT_BUFFER instead.
        const full = count[0] === buffer.length;
        batcher.add(message, 0, full ? MessageFlag.truncated : 0);
        if (full) buffer = new Uint8Array(buffer.length * 2);
        if (!draining) draining = setWait(handle, 0);
        continue;
      }
      const code = k32.GetLastError();
      if (code === ERROR.SEM_TIMEOUT) {
        batcher.flush();
        if (draining) draining = !setWait(handle, waitMs);
        else control.idleWakeup();
        // Only with a user's read timeout: a stop whose token could not be written still ends here.
        if (!draining && control.stopped()) return;
      } else if (code === ERROR.BROKEN_PIPE && k32.GetMailslotInfo(handle, null, null, null, null)) {
        // Wine reports a zero-length message this way (Windows reads it as 0 bytes); the mailslot is fine.
        batcher.add(buffer.subarray(0, 0));
      } else if (code === ERROR.INSUFFICIENT_BUFFER) {
        k32.GetMailslotInfo(handle, null, nextSize, null, null);
        if (nextSize[0] !== MAILSLOT_NO_MESSAGE) buffer = new Uint8Array(Math.max(nextSize[0], buffer.length));
      } else {
        batcher.flush();
        report({ type: 'error', error: errorInfo(code, `ReadFile(${job.path})`), fatal: true });
        return;
      }
    }
  } finally {
    batcher.flush();
    k32.CloseHandle(handle);
  }
}

function setWait(handle: number, ms: number): boolean {
  return k32.SetMailslotInfo(handle, ms) !== 0;
}
