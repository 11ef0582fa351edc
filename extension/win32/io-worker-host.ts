/**
 * The main-thread side of one Win32 I/O worker: starts it, turns its reports into sink events and
 * RawMessages, and passes commands (writes, stop) with a completion-port wake-up. The main thread
 * never waits on I/O itself.
 */
import path from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { Watcher, WatcherSink } from '../core/backend';
import type { Peer, RawMessage } from '../core/message';
import { CommandOutbox, type OutgoingWrite } from './command-batch';
import { FLAG, FLAG_COUNT, needsWake } from './command-inbox';
import { Win32Error, type Win32ErrorInfo } from './errors';
import { k32 } from './kernel32';
import { sendWakeToken } from './mailslot-wake';
import { LARGE_MESSAGE, WAKE_KEY, type MessageBatch, type WorkerJob, type WorkerReport } from './worker-protocol';

/** A stop that takes longer than this ends the worker thread by force. */
const STOP_GRACE_MS = 1000;

export class IoWorkerHost {
  messageMode = false;
  private readonly worker: Worker;
  private readonly commands = new MessageChannel();
  private readonly flags = new Int32Array(new SharedArrayBuffer(FLAG_COUNT * 4));
  private readonly peers = new Map<number, Peer>();
  private readonly writes = new Map<number, PendingWrite>();
  private nextWrite = 1;
  private readonly outbox = new CommandOutbox();
  private flushQueued = false;
  private port = 0;
  private readonly exited: Promise<void>;
  private started?: { resolve(): void; reject(e: Error): void };
  private stopReported = false;

  private constructor(private readonly job: WorkerJob, private readonly sink: WatcherSink) {
    this.worker = new Worker(path.join(__dirname, 'win32-worker.js'), {
      workerData: { job, flags: this.flags.buffer, commands: this.commands.port2 },
      transferList: [this.commands.port2],
    });
    this.worker.on('message', (report: WorkerReport) => this.onReport(report));
    this.worker.on('error', (err) => this.fail({ code: 0, name: 'worker error', operation: job.path, systemMessage: err.message }, true));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => {
      this.started?.reject(new Error(`the I/O thread for ${job.path} ended before it was ready`));
      this.rejectWrites(new Error(`${job.path} is closed`));
      this.reportStopped();
      resolve();
    }));
  }

  /** Resolves when the endpoint is open; rejects with a Win32Error when it cannot be. */
  static async start(job: WorkerJob, sink: WatcherSink): Promise<IoWorkerHost> {
    const host = new IoWorkerHost(job, sink);
    await new Promise<void>((resolve, reject) => (host.started = { resolve, reject }));
    return host;
  }

  write(bytes: Uint8Array, connection?: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const write: PendingWrite = { id: this.nextWrite++, connection, bytes, resolve, reject };
      this.outbox.add(write); // copies the bytes
      this.writes.set(write.id, write);
      this.sendSoon();
    });
  }

  get idleWakeups(): number {
    return Atomics.load(this.flags, FLAG.idleWakeups);
  }

  async stop(): Promise<void> {
    Atomics.store(this.flags, FLAG.stop, 1);
    this.outbox.stop();
    this.sendSoon();
    // A mailslot reader waits in ReadFile with no timeout: its wake token ends the wait (after the messages queued before it).
    if (this.job.kind === 'mailslot' && !this.stopReported) sendWakeToken(this.job.path, this.job.wakeToken);
    const timer = setTimeout(() => {
      this.fail({ code: 0, name: 'timeout', operation: `stopping ${this.job.path}`, systemMessage: `the I/O thread did not stop within ${STOP_GRACE_MS} ms and was ended by force` }, false);
      void this.worker.terminate();
    }, STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }

  /** Commands of one turn of the event loop go over together: one postMessage and at most one wake-up. */
  private sendSoon(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      const batch = this.outbox.take();
      this.commands.port1.postMessage(batch, [batch.data]);
      if (this.port && needsWake(this.flags)) k32.PostQueuedCompletionStatus(this.port, 0, WAKE_KEY, null);
    });
  }

  private onReport(report: WorkerReport): void {
    switch (report.type) {
      case 'ready':
        this.port = report.port ?? 0;
        this.messageMode = report.messageMode ?? false;
        this.sink.event({ type: 'listening', detail: report.detail });
        this.started?.resolve();
        this.started = undefined;
        return;
      case 'failed':
        this.started?.reject(new Win32Error(report.error));
        this.started = undefined;
        return;
      case 'batch':
        if (report.lengths.length) this.sink.messages(this.toMessages(report));
        if (report.written.length) this.onWritten(report);
        return;
      case 'connected': {
        const peer: Peer = { connection: report.connection, pid: report.pid, image: report.image };
        this.peers.set(report.connection, peer);
        this.sink.event({ type: 'connected', peer });
        return;
      }
      case 'disconnected':
        this.sink.event({ type: 'disconnected', peer: this.peers.get(report.connection) ?? { connection: report.connection }, reason: report.reason });
        this.peers.delete(report.connection);
        return;
      case 'error':
        return this.fail(report.error, report.fatal);
      case 'notice':
        return this.sink.event({ type: 'notice', message: report.message, key: report.key });
      case 'stopped':
        return this.reportStopped();
    }
  }

  private toMessages(batch: MessageBatch): RawMessage[] {
    const messages: RawMessage[] = [];
    let offset = 0;
    let large = 0;
    for (let i = 0; i < batch.lengths.length; i++) {
      const connection = batch.connections[i];
      const length = batch.lengths[i];
      const own = length >= LARGE_MESSAGE;
      messages.push({
        time: batch.times[i],
        direction: batch.outbound[i] ? 'out' : 'in',
        bytes: new Uint8Array(own ? batch.large[large++] : batch.data, own ? 0 : offset, length),
        peer: connection ? this.peers.get(connection) ?? { connection } : undefined,
        flags: batch.flags[i],
        // The buffers came over from the worker, which no longer has them.
        unshared: true,
      });
      if (!own) offset += length;
    }
    return messages;
  }

  /** Finished writes: logged together, then their promises settle in the order they were made. */
  private onWritten({ written, failed }: MessageBatch): void {
    const time = Date.now();
    const errors = failed.length ? new Map(failed.map((f) => [f.id, f.error])) : undefined;
    const logged: RawMessage[] = [];
    const done: PendingWrite[] = [];
    for (const id of written) {
      const write = this.writes.get(id);
      if (!write) continue;
      this.writes.delete(id);
      done.push(write);
      if (errors?.has(id)) continue;
      // A write to no connection in particular went to every connected one: with one (always, for a client), it is that one's.
      const peer = write.connection === undefined ? this.soleConnection() : this.peers.get(write.connection);
      // Its own copy (command-batch.ts): a large one alone in its buffer, which the log may keep as it is.
      logged.push({ time, direction: 'out', bytes: write.bytes, peer, unshared: write.bytes.length >= LARGE_MESSAGE });
    }
    if (logged.length) this.sink.messages(logged);
    for (const write of done) {
      const error = errors?.get(write.id);
      if (error) write.reject(new Win32Error(error));
      else write.resolve();
    }
  }

  private soleConnection(): Peer | undefined {
    if (this.peers.size !== 1) return undefined;
    return this.peers.values().next().value;
  }

  private fail(error: Win32ErrorInfo, fatal: boolean): void {
    this.sink.event({ type: 'error', message: new Win32Error(error).message, code: error.name, fatal });
  }

  private rejectWrites(error: Error): void {
    for (const write of this.writes.values()) write.reject(error);
    this.writes.clear();
  }

  private reportStopped(): void {
    if (this.stopReported) return;
    this.stopReported = true;
    this.sink.event({ type: 'stopped' });
  }
}

/** A write the worker has not finished yet. */
interface PendingWrite extends OutgoingWrite {
  resolve(): void;
  reject(e: Error): void;
}

/** A watcher whose endpoint lives on its own I/O worker from start() to stop(). */
export function workerWatcher(job: WorkerJob, sink: WatcherSink): Required<Watcher> & { idleWakeups(): number } {
  let host: IoWorkerHost | undefined;
  let wakeupsBefore = 0;
  return {
    async start() {
      host = await IoWorkerHost.start(job, sink);
    },
    async stop() {
      await host?.stop();
      wakeupsBefore += host?.idleWakeups ?? 0;
      host = undefined;
    },
    idleWakeups: () => wakeupsBefore + (host?.idleWakeups ?? 0),
    async send(bytes, connection) {
      if (!host) throw new Error(`${job.path} is not being watched`);
      await host.write(bytes, connection);
    },
  };
}
