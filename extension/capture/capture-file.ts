/**
 * The capture file (`slotpipe.captureFile`): every logged message appended as one JSON line,
 * one write per batch, in order, so what the ring drops is still on disk. A failed write is
 * reported, and the messages it held are counted, never silently gone.
 */
import fs from 'node:fs/promises';
import type { TrafficMessage } from '../core/message';
import { toRecord, type DescribeMessage } from './capture-record';
import { errorMessage } from '../core/error-message';

export class CaptureFileWriter {
  private queue: Promise<void> = Promise.resolve();
  private handle: fs.FileHandle | undefined;
  private closed = false;
  /** Messages that could not be written (after an error). */
  lost = 0;
  written = 0;

  private constructor(
    readonly path: string,
    private readonly describe: DescribeMessage | undefined,
    private readonly onError: (message: string) => void,
  ) {}

  static async open(path: string, describe: DescribeMessage | undefined, onError: (message: string) => void): Promise<CaptureFileWriter> {
    const writer = new CaptureFileWriter(path, describe, onError);
    try {
      // Owner-only: captured messages may hold anything the peers sent.
      writer.handle = await fs.open(path, 'a', 0o600);
    } catch (err) {
      throw new Error(`cannot open the capture file ${path}: ${errorMessage(err)}`);
    }
    return writer;
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
        await this.handle!.appendFile(text, 'utf8');
        await this.handle!.datasync();
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
