/**
 * The capture file (`slotpipe.captureFile`): every logged message appended as one JSON line,
 * one write per batch, in order, so what the ring drops is still on disk. A failed write is
 * reported, and the messages it held are counted, never silently gone. Only a regular file is written
 * (no link followed, nothing that blocks), and it is made 0600.
 */
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import { openRegularFile } from '../files/regular-file';
import type { TrafficMessage } from '../core/message';
import { toRecord, type DescribeMessage } from './capture-record';
import { errorMessage } from '../core/error-message';

export class CaptureFileWriter {
  private queue: Promise<void>;
  private handle: fs.FileHandle | undefined;
  private closed = false;
  /** Messages that could not be written (after an error). */
  lost = 0;
  written = 0;
  /** Settles when the file is open, or rejects with why it cannot be. */
  readonly ready: Promise<void>;

  private constructor(
    readonly path: string,
    private readonly describe: DescribeMessage | undefined,
    private readonly onError: (message: string) => void,
    after: Promise<void>,
  ) {
    this.ready = after.then(async () => {
      try {
        this.handle = await openCaptureFile(path);
      } catch (err) {
        throw new Error(`cannot open the capture file ${path}: ${errorMessage(err)}`, { cause: err });
      }
    });
    // Batches appended while the file opens wait for it in the queue; if it cannot open they count as lost.
    this.queue = this.ready.catch(() => undefined);
  }

  static async open(path: string, describe: DescribeMessage | undefined, onError: (message: string) => void): Promise<CaptureFileWriter> {
    const writer = CaptureFileWriter.opening(path, describe, onError);
    await writer.ready;
    return writer;
  }

  /**
   * A writer that takes batches at once and writes them once its file is open, after `after` (the
   * previous file's close): a switch of files loses nothing logged meanwhile.
   */
  static opening(path: string, describe: DescribeMessage | undefined, onError: (message: string) => void, after: Promise<void> = Promise.resolve()): CaptureFileWriter {
    return new CaptureFileWriter(path, describe, onError, after);
  }

  /** Queues one batch; resolves when it is on disk. */
  append(batch: readonly TrafficMessage[]): Promise<void> {
    if (this.closed) return Promise.resolve();
    const failed = (err: unknown) => {
      this.lost += batch.length;
      this.onError(`capture file ${this.path}: ${batch.length} message(s) not written: ${errorMessage(err)}`);
    };
    let text: string;
    try {
      text = batch.map((message) => `${JSON.stringify(toRecord(message, this.describe))}\n`).join('');
    } catch (err) {
      // A message no record can hold is counted and reported here, never thrown into the log's listeners.
      failed(err);
      return this.queue;
    }
    this.queue = this.queue.then(async () => {
      try {
        if (!this.handle) throw new Error('the file could not be opened');
        await this.handle.appendFile(text, 'utf8');
        await this.handle.datasync();
        this.written += batch.length;
      } catch (err) {
        failed(err);
      }
    });
    return this.queue;
  }

  /** Waits for queued writes, then closes. */
  async close(): Promise<void> {
    if (this.closed) return this.queue;
    this.closed = true;
    await this.queue;
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
  }
}

/**
 * Appends to a regular file only: a symbolic link is not followed (captured text must not land where a
 * link points), a FIFO or device is refused without blocking, and the file is made owner-only even when
 * it existed with wider permissions: captured messages may hold anything the peers sent.
 */
async function openCaptureFile(path: string): Promise<fs.FileHandle> {
  const { O_WRONLY, O_APPEND, O_CREAT, O_NOFOLLOW } = fsConstants;
  let handle: fs.FileHandle;
  try {
    handle = await openRegularFile(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW, 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new Error('it is a symbolic link, which Slotpipe does not follow for a capture file (name the file itself)', { cause: err });
    if (code === 'ENXIO') throw new Error('it is a FIFO (named pipe), not a regular file', { cause: err });
    throw err;
  }
  try {
    await handle.chmod(0o600);
  } catch (err) {
    await handle.close();
    throw new Error(`cannot make it owner-only (0600): ${errorMessage(err)}`, { cause: err });
  }
  return handle;
}
