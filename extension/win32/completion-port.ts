/**
 * An I/O completion port and the overlapped operations pending on it, for the worker thread.
 * Each operation owns an OVERLAPPED in native memory; the port hands back its address, which finds it again.
 */
import { ERROR, errorInfo, lastError, type Win32ErrorInfo } from './errors';
import { FILE_SKIP_COMPLETION_PORT_ON_SUCCESS, INFINITE, INVALID_HANDLE_VALUE, STRUCTS, WAIT_TIMEOUT, addressOf, allocNative, k32 } from './kernel32';

const { OVERLAPPED } = STRUCTS;
import { WAKE_KEY } from './worker-protocol';

export interface Completion {
  ok: boolean;
  bytes: number;
  /** The error when !ok (ERROR_MORE_DATA is a partial message, not a failure). */
  error: number;
}

export class Operation {
  readonly overlapped = allocNative(OVERLAPPED.size);
  readonly address = addressOf(this.overlapped.pointer);
  pending = false;
  /** Memory the system reads or writes until the operation completes: referenced here so it stays alive. */
  holds?: Uint8Array;
  constructor(public onComplete: (c: Completion) => void = () => {}) {}

  /** Bytes an operation that completed at once transferred: the OVERLAPPED's InternalHigh (set for ERROR_MORE_DATA too). */
  transferred(): number {
    const b = this.overlapped.bytes;
    const at = OVERLAPPED.fields.InternalHigh;
    return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 0x1000000;
  }

  /** Clears the OVERLAPPED for the next call (it must be zeroed before each use). */
  arm(): unknown {
    this.overlapped.bytes.fill(0);
    this.pending = true;
    return this.overlapped.pointer;
  }
}

export class CompletionPort {
  readonly handle: number;
  private readonly operations = new Map<bigint, Operation>();
  private readonly bytes = new Uint32Array(1);
  private readonly key = new BigUint64Array(1);
  private readonly overlapped = new BigUint64Array(1);

  constructor() {
    this.handle = k32.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 1);
    if (!this.handle) throw new Error(describe(lastError('CreateIoCompletionPort')));
  }

  associate(file: number, operation: string): Win32ErrorInfo | undefined {
    return k32.CreateIoCompletionPort(file, this.handle, 1, 0) ? undefined : lastError(`CreateIoCompletionPort(${operation})`);
  }

  /**
   * Asks that I/O on `file` which completes at once queues no completion (FILE_SKIP_COMPLETION_PORT_ON_SUCCESS),
   * so the caller handles it on the spot: one call per read while data is waiting, not a call and a wait.
   * False when the system refuses; completions are then queued as before.
   */
  skipCompletionOnSuccess(file: number): boolean {
    return k32.SetFileCompletionNotificationModes(file, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS) !== 0;
  }

  /** Queues `operation` to run at this thread's next wait: a way to let other handles and commands go first. */
  post(operation: Operation): void {
    if (k32.PostQueuedCompletionStatus(this.handle, 0, 1, operation.arm())) return;
    operation.pending = false;
    operation.onComplete({ ok: true, bytes: 0, error: 0 });
  }

  track(operation: Operation): Operation {
    this.operations.set(operation.address, operation);
    return operation;
  }

  release(operation: Operation): void {
    this.operations.delete(operation.address);
    if (!operation.pending) operation.overlapped.free();
  }

  /** Whether any tracked operation still waits for its completion. */
  get busy(): boolean {
    for (const op of this.operations.values()) if (op.pending) return true;
    return false;
  }

  /**
   * Waits for one completion (or a wake-up) and dispatches it. Returns 'wake' for a wake-up,
   * 'timeout' when nothing came, 'done' after running an operation's handler.
   */
  waitOne(timeout = INFINITE): 'wake' | 'timeout' | 'done' {
    const ok = k32.GetQueuedCompletionStatus(this.handle, this.bytes, this.key, this.overlapped, timeout);
    const error = ok ? 0 : k32.GetLastError();
    if (!ok && this.overlapped[0] === 0n) {
      if (error === WAIT_TIMEOUT) return 'timeout';
      throw new Error(describe(errorInfo(error, 'GetQueuedCompletionStatus')));
    }
    if (this.key[0] === BigInt(WAKE_KEY) && this.overlapped[0] === 0n) return 'wake';
    const operation = this.operations.get(this.overlapped[0]);
    if (!operation) return 'done';
    operation.pending = false;
    operation.onComplete({ ok, bytes: this.bytes[0], error });
    return 'done';
  }

  close(): void {
    k32.CloseHandle(this.handle);
    // An operation still pending here belongs to a handle that is closed: its memory is left to the OS rather than reused.
    for (const op of this.operations.values()) if (!op.pending) op.overlapped.free();
    this.operations.clear();
  }
}

export function describe(info: Win32ErrorInfo): string {
  return `${info.operation} failed: ${info.name} (${info.code})${info.systemMessage ? `: ${info.systemMessage}` : ''}`;
}
