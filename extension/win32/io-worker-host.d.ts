import type { Watcher, WatcherSink } from '../core/backend';
import { type WorkerJob } from './worker-protocol';
export declare class IoWorkerHost {
    private readonly sink;
    messageMode: boolean;
    private readonly worker;
    private readonly commands;
    private readonly flags;
    private readonly peers;
    private readonly writes;
    private nextWrite;
    private readonly outbox;
    private port;
    private readonly exited;
    private started?;
    private stopReported;
    private constructor();
    /** Resolves when the endpoint is open; rejects with a Win32Error when it cannot be. */
    static start(job: WorkerJob, sink: WatcherSink): Promise<IoWorkerHost>;
    write(bytes: Uint8Array, connection?: number): Promise<void>;
    stop(): Promise<void>;
    /** Commands of one turn of the event loop go over together: one postMessage and at most one wake-up. */
    private command;
    private onReport;
    private toMessages;
    /** Finished writes: logged together, then their promises settle in the order they were made. */
    private onWritten;
    private soleConnection;
    private fail;
    private rejectWrites;
    private reportStopped;
}
/** A watcher whose endpoint lives on its own I/O worker from start() to stop(). */
export declare function workerWatcher(job: WorkerJob, sink: WatcherSink): Required<Watcher>;
