/**
 * One connected pipe handle on the worker thread (a server instance with its client, or a client):
 * an overlapped read always pending while the pipe is readable (into JavaScript memory, see
 * newReadBuffer), whole messages assembled from ERROR_MORE_DATA parts, and overlapped writes straight
 * from the caller's bytes. Reads and writes that complete at once are handled on the spot (no
 * completion-port round trip while data is flowing).
 */
import { concatBytes } from '../core/bytes';
import { MessageFlag } from '../core/message';
import { type Completion, type CompletionPort, Operation } from './completion-port';
import { ERROR, errorInfo, type Win32ErrorInfo } from './errors';
import { k32 } from './kernel32';
import { PIPE_BUFFER } from './worker-protocol';

export interface ConnectionEvents {
  /**
   * `bytes` may be a view of the read buffer: valid during the call only (copy to keep), unless `handedOver`:
   * then the connection reads into a new buffer from now on and these bytes are the receiver's to keep.
   */
  message(bytes: Uint8Array, flags: number, handedOver: boolean): void;
  closed(reason: string, error?: Win32ErrorInfo): void;
}

/** Passed for an empty message: a buffer, never a null pointer, even when no byte of it is written. */
const NOTHING = new Uint8Array(1);
/** Reads handled on the spot in a row before the connection lets other handles and commands go first. */
const INLINE_READS = 64;
/** A message larger than this is cut (and flagged truncated) rather than exhausting memory. */
export const MAX_PIPE_MESSAGE = 64 * 1024 * 1024;

export class PipeConnection {
  private readonly readOp: Operation;
  /** Continues reading after a yield (see INLINE_READS). */
  private readonly resumeOp: Operation;
  private readBuffer: Uint8Array;
  /** Whether reads and writes that complete at once queue no completion (handled where they are made). */
  private readonly skipOnSuccess: boolean;
  /** Write operations (each with its OVERLAPPED) that have finished, kept for the next writes. */
  private spareWrites: Operation[] = [];
  private parts: Uint8Array[] = [];
  private partBytes = 0;
  private closed = false;

  constructor(
    private readonly port: CompletionPort,
    readonly handle: number,
    readonly id: number,
    private readonly label: string,
    private readonly events: ConnectionEvents,
    /** The most one read takes: a message up to it is read whole, a byte stream as much as the pipe holds. */
    private readonly readSize = PIPE_BUFFER,
  ) {
    this.readBuffer = newReadBuffer(readSize);
    this.readOp = port.track(new Operation((c) => this.onRead(c)));
    this.resumeOp = port.track(new Operation(() => this.startReading()));
    this.skipOnSuccess = port.skipCompletionOnSuccess(handle);
  }

  startReading(): void {
    for (let inline = 0; !this.closed; inline++) {
      if (inline === INLINE_READS) return this.port.post(this.resumeOp);
      const ok = k32.ReadFile(this.handle, this.readBuffer, this.readSize, null, this.readOp.arm());
      const code = ok ? 0 : k32.GetLastError();
      if (this.skipOnSuccess && (ok || code === ERROR.MORE_DATA)) {
        // Data was waiting: the read (a whole message, or with ERROR_MORE_DATA a part) is complete now, and with
        // FILE_SKIP_COMPLETION_PORT_ON_SUCCESS no completion is queued for an I/O that did not go pending.
        this.readOp.pending = false;
        if (!this.received({ ok, bytes: this.readOp.transferred(), error: code })) return;
        continue;
      }
      if (ok) return; // the completion is still queued to the port
      if (code === ERROR.IO_PENDING || code === ERROR.MORE_DATA) return;
      this.readOp.pending = false;
      return this.end(code);
    }
  }

  /**
   * Writes `bytes` straight from their memory: they must stay unchanged until `done` is called, and the
   * operation holds on to them until then (see newReadBuffer for why that is enough).
   */
  write(bytes: Uint8Array, done: (error?: Win32ErrorInfo) => void): void {
    if (this.closed) return done(errorInfo(ERROR.PIPE_NOT_CONNECTED, `WriteFile(${this.label})`));
    const op = this.spareWrites.pop() ?? this.port.track(new Operation());
    op.holds = bytes;
    op.onComplete = (c) => {
      op.holds = undefined;
      if (this.closed) this.port.release(op);
      else this.spareWrites.push(op);
      done(c.ok ? undefined : errorInfo(c.error, `WriteFile(${this.label})`));
    };
    if (k32.WriteFile(this.handle, bytes.length ? bytes : NOTHING, bytes.length, null, op.arm())) {
      if (!this.skipOnSuccess) return; // the completion is still queued to the port
      op.pending = false;
      return op.onComplete({ ok: true, bytes: bytes.length, error: 0 });
    }
    const code = k32.GetLastError();
    if (code === ERROR.IO_PENDING) return;
    op.pending = false;
    op.onComplete({ ok: false, bytes: 0, error: code });
  }

  /** Closes from this side, telling the owner as a disconnect would. */
  hangUp(reason: string): void {
    if (this.closed) return;
    this.events.closed(reason);
    this.close();
  }

  /** Cancels pending I/O and closes the handle; completions still queued are absorbed by the port. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    k32.CancelIoEx(this.handle, null);
    k32.CloseHandle(this.handle);
    // A pending read keeps the buffer referenced (through this connection) until its completion comes back.
    if (this.readOp.pending) this.readOp.onComplete = () => this.port.release(this.readOp);
    else this.port.release(this.readOp);
    if (this.resumeOp.pending) this.resumeOp.onComplete = () => this.port.release(this.resumeOp);
    else this.port.release(this.resumeOp);
    for (const op of this.spareWrites.splice(0)) this.port.release(op);
  }

  private onRead(c: Completion): void {
    if (this.received(c)) this.startReading();
  }

  /** Takes in a finished read; true when the next read should start. */
  private received(c: Completion): boolean {
    if (this.closed) return false;
    if (c.ok && !this.parts.length && !this.partBytes) {
      // A whole message in one read is handed over as a view of the read buffer, not copied first;
      // one that fills at least half the buffer goes with the buffer itself, and the next read gets a new one.
      const bytes = this.readBuffer.subarray(0, c.bytes);
      const handOver = c.bytes >= this.readSize / 2;
      if (handOver) {
        this.readBuffer.fill(0, c.bytes); // the buffer travels whole: nothing but the message may be in it
        this.readBuffer = newReadBuffer(this.readSize);
      }
      this.events.message(bytes, 0, handOver);
      return true;
    }
    if (c.ok || c.error === ERROR.MORE_DATA) {
      this.collect(c.bytes);
      if (c.ok) this.emit();
      return true;
    }
    this.end(c.error);
    return false;
  }

  private collect(length: number): void {
    if (this.partBytes + length > MAX_PIPE_MESSAGE) {
      this.partBytes = MAX_PIPE_MESSAGE + 1; // remembered as truncated; the excess is not kept
      return;
    }
    this.parts.push(this.readBuffer.slice(0, length));
    this.partBytes += length;
  }

  private emit(): void {
    const truncated = this.partBytes > MAX_PIPE_MESSAGE;
    const message = this.parts.length === 1 ? this.parts[0] : concatBytes(this.parts);
    this.parts = [];
    this.partBytes = 0;
    this.events.message(message, truncated ? MessageFlag.truncated : 0, true);
  }

  private end(code: number): void {
    if (this.partBytes) this.emit(); // what arrived of a message cut off by the disconnect is still shown
    const gone = code === ERROR.BROKEN_PIPE || code === ERROR.PIPE_NOT_CONNECTED || code === ERROR.NO_DATA;
    this.events.closed(gone ? 'the other end closed the pipe' : 'read failed', gone ? undefined : errorInfo(code, `ReadFile(${this.label})`));
    this.close();
  }
}

/**
 * Overlapped reads go straight into JavaScript memory: an ArrayBuffer of this size lives outside the
 * V8 heap and never moves, and the connection holds it until the read's completion is back, as Node's
 * own asynchronous file reads do with theirs. Not zeroed when made: a read exposes only what it wrote,
 * and the rest is cleared before a buffer is handed over.
 */
function newReadBuffer(size: number): Uint8Array {
  return new Uint8Array(Buffer.allocUnsafeSlow(size).buffer);
}
