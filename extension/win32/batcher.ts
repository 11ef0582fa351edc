/**
 * Collects messages in the I/O worker and hands them to the main thread in batches with one
 * transferred buffer, so a flood costs a few postMessage calls rather than one per message.
 */
import type { Win32ErrorInfo } from './errors';
import type { MessageBatch, WriteResult } from './worker-protocol';

const MAX_MESSAGES = 512;
const MAX_BYTES = 1 << 20;

export class Batcher {
  private data = new Uint8Array(64 * 1024);
  private used = 0;
  private lengths: number[] = [];
  private times: number[] = [];
  private connections: number[] = [];
  private flags: number[] = [];
  private outbound: number[] = [];
  private written: WriteResult[] = [];

  constructor(private readonly post: (batch: MessageBatch, transfer: ArrayBuffer[]) => void) {}

  /** Messages and write results waiting to be handed over. */
  get size(): number {
    return this.lengths.length + this.written.length;
  }

  /** A write the main thread asked for has finished; it learns so with the next batch. */
  acknowledge(id: number, error?: Win32ErrorInfo): void {
    this.written.push(error ? { id, error } : { id });
  }

  /** Copies the bytes in; flushes by itself when the batch is large. */
  add(bytes: Uint8Array, connection = 0, flags = 0, outbound = false): void {
    if (this.used + bytes.length > this.data.length) {
      const grown = new Uint8Array(Math.max(this.data.length * 2, this.used + bytes.length));
      grown.set(this.data.subarray(0, this.used));
      this.data = grown;
    }
    this.data.set(bytes, this.used);
    this.used += bytes.length;
    this.lengths.push(bytes.length);
    this.times.push(Date.now());
    this.connections.push(connection);
    this.flags.push(flags);
    this.outbound.push(outbound ? 1 : 0);
    if (this.lengths.length >= MAX_MESSAGES || this.used >= MAX_BYTES) this.flush();
  }

  flush(): void {
    if (!this.size) return;
    const data = this.data.slice(0, this.used).buffer;
    this.post(
      {
        type: 'batch',
        data,
        lengths: Uint32Array.from(this.lengths),
        times: Float64Array.from(this.times),
        connections: Int32Array.from(this.connections),
        flags: Uint8Array.from(this.flags),
        outbound: Uint8Array.from(this.outbound),
        written: this.written,
      },
      [data],
    );
    this.used = 0;
    this.lengths = [];
    this.times = [];
    this.connections = [];
    this.flags = [];
    this.outbound = [];
    this.written = [];
  }
}
