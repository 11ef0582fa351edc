/**
 * Writes on their way from the main thread to an I/O worker, packed into one transferred buffer per
 * event-loop turn: for n writes their ids (Float64 × n), byte lengths (Uint32 × n) and connections
 * (Int32 × n, 0 for every connection), then their bytes back to back. No object per write crosses:
 * cloning one, or allocating a buffer per write, costs more than the write's own work.
 */
import { withRoom } from '../core/bytes';
import { LARGE_MESSAGE, type CommandBatch, type WorkerCommand } from './worker-protocol';

/** A write the main thread made; `bytes` become its own copy (what the log keeps) when its turn is packed. */
export interface OutgoingWrite {
  id: number;
  connection?: number;
  bytes: Uint8Array;
}

const STAGING_BYTES = 16 * 1024;
/** A staging buffer grown past this for one busy turn is not kept for the next. */
const STAGING_KEPT_MAX = 1024 * 1024;

/** Main thread: the writes of one turn, their bytes copied as they are made (the caller may reuse its buffer). */
export class CommandOutbox {
  private staging = new Uint8Array(STAGING_BYTES);
  private used = 0;
  private writes: OutgoingWrite[] = [];
  /** Where each small write's bytes start in `staging`; -1 for a large one, copied into a buffer of its own. */
  private offsets: number[] = [];
  private stopAsked = false;

  get empty(): boolean {
    return !this.writes.length && !this.stopAsked;
  }

  add(write: OutgoingWrite): void {
    const { bytes } = write;
    if (bytes.length >= LARGE_MESSAGE) {
      write.bytes = bytes.slice(); // the log may keep it as it is (adopt it)
      this.offsets.push(-1);
    } else {
      this.staging = withRoom(this.staging, this.used, bytes.length);
      this.staging.set(bytes, this.used);
      this.offsets.push(this.used);
      this.used += bytes.length;
    }
    this.writes.push(write);
  }

  stop(): void {
    this.stopAsked = true;
  }

  /** The turn's commands as one batch; each small write's `bytes` is now a view of one copy shared by the turn. */
  take(): CommandBatch {
    const { writes, offsets } = this;
    const count = writes.length;
    let size = 16 * count;
    for (const write of writes) size += write.bytes.length;
    const data = new ArrayBuffer(size);
    const ids = new Float64Array(data, 0, count);
    const lengths = new Uint32Array(data, 8 * count, count);
    const connections = new Int32Array(data, 12 * count, count);
    const packed = new Uint8Array(data);
    const kept = this.used ? this.staging.slice(0, this.used) : this.staging;
    let at = 16 * count;
    for (let i = 0; i < count; i++) {
      const write = writes[i];
      const length = write.bytes.length;
      if (offsets[i] >= 0) write.bytes = kept.subarray(offsets[i], offsets[i] + length);
      ids[i] = write.id;
      lengths[i] = length;
      connections[i] = write.connection ?? 0;
      packed.set(write.bytes, at);
      at += length;
    }
    const batch: CommandBatch = { data, writes: count, stop: this.stopAsked };
    this.writes = [];
    this.offsets = [];
    this.used = 0;
    this.stopAsked = false;
    if (this.staging.length > STAGING_KEPT_MAX) this.staging = new Uint8Array(STAGING_BYTES);
    return batch;
  }
}

/** Worker: the batch's commands in order, each write's bytes a view of the batch's buffer; a stop comes last. */
export function readCommands({ data, writes: count, stop }: CommandBatch, onCommand: (command: WorkerCommand) => void): void {
  const ids = new Float64Array(data, 0, count);
  const lengths = new Uint32Array(data, 8 * count, count);
  const connections = new Int32Array(data, 12 * count, count);
  let at = 16 * count;
  for (let i = 0; i < count; i++) {
    onCommand({ type: 'write', id: ids[i], connection: connections[i] || undefined, bytes: new Uint8Array(data, at, lengths[i]) });
    at += lengths[i];
  }
  if (stop) onCommand({ type: 'stop' });
}
