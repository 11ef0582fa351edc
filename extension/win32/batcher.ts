/**
 * Collects messages in the I/O worker and hands them to the main thread in batches with one
 * transferred buffer, so a flood costs a few postMessage calls rather than one per message.
 * A large message travels in a buffer of its own (the read buffer itself when it is handed over, else a
 * copy), which the log can keep as it is.
 * A batch never spans a wait (every reading loop flushes before it waits), so its first message reads the
 * clock and the next ones reuse that reading for up to STAMP_EVERY messages: a time is at most that many
 * immediate reads old, and Date.now() under Wine costs as much as the rest of add() together.
 */
import { withRoom } from '../core/bytes';
import type { Win32ErrorInfo } from './errors';
import { LARGE_MESSAGE, type MessageBatch, type WriteFailure } from './worker-protocol';

const MAX_MESSAGES = 512;
const MAX_BYTES = 1 << 20;
/** Messages stamped with one reading of the clock at most. */
export const STAMP_EVERY = 16;

export class Batcher {
  private data = new Uint8Array(64 * 1024);
  private used = 0;
  private large: ArrayBuffer[] = [];
  private largeBytes = 0;
  private lengths: number[] = [];
  private times: number[] = [];
  private connections: number[] = [];
  private flags: number[] = [];
  private outbound: number[] = [];
  private written: number[] = [];
  private failed: WriteFailure[] = [];
  private stamp = 0;

  constructor(private readonly post: (batch: MessageBatch, transfer: ArrayBuffer[]) => void) {}

  /** Messages and write results waiting to be handed over. */
  get size(): number {
    return this.lengths.length + this.written.length;
  }

  /** A write the main thread asked for has finished; it learns so with the next batch. */
  acknowledge(id: number, error?: Win32ErrorInfo): void {
    this.written.push(id);
    if (error) this.failed.push({ id, error });
  }

  /**
   * Copies the bytes in, or takes a large message's buffer as it is when it is `handedOver` (the caller
   * never touches it again); flushes by itself when the batch is large.
   */
  add(bytes: Uint8Array, connection = 0, flags = 0, outbound = false, handedOver = false): void {
    if (bytes.length < LARGE_MESSAGE) this.addPacked(bytes);
    else this.addLarge(handedOver && bytes.byteOffset === 0 ? bytes : copy(bytes));
    this.times.push(this.lengths.length % STAMP_EVERY === 0 ? (this.stamp = Date.now()) : this.stamp);
    this.lengths.push(bytes.length);
    this.connections.push(connection);
    this.flags.push(flags);
    this.outbound.push(outbound ? 1 : 0);
    if (this.lengths.length >= MAX_MESSAGES || this.used + this.largeBytes >= MAX_BYTES) this.flush();
  }

  private addPacked(bytes: Uint8Array): void {
    this.data = withRoom(this.data, this.used, bytes.length);
    this.data.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** The buffer travels whole (it may be longer than the message: `lengths` says how much is the message). */
  private addLarge(bytes: Uint8Array): void {
    this.large.push(bytes.buffer as ArrayBuffer);
    this.largeBytes += bytes.length;
  }

  flush(): void {
    if (!this.size) return;
    const data = this.data.slice(0, this.used).buffer;
    const batch: MessageBatch = {
      type: 'batch',
      data,
      large: this.large,
      lengths: Uint32Array.from(this.lengths),
      times: Float64Array.from(this.times),
      connections: Int32Array.from(this.connections),
      flags: Uint8Array.from(this.flags),
      outbound: Uint8Array.from(this.outbound),
      written: Float64Array.from(this.written),
      failed: this.failed,
    };
    // Every buffer is transferred: a cloned one would be allocated and copied again on the other side.
    const columns = [batch.lengths, batch.times, batch.connections, batch.flags, batch.outbound, batch.written].map((c) => c.buffer as ArrayBuffer);
    this.post(batch, [data, ...this.large, ...columns]);
    this.used = 0;
    this.large = [];
    this.largeBytes = 0;
    this.lengths = [];
    this.times = [];
    this.connections = [];
    this.flags = [];
    this.outbound = [];
    this.written = [];
    this.failed = [];
  }
}

function copy(bytes: Uint8Array): Uint8Array {
  // Not zeroed first: the copy fills every byte.
  const own = new Uint8Array(Buffer.allocUnsafeSlow(bytes.length).buffer);
  own.set(bytes);
  return own;
}
