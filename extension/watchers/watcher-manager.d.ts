import type { WatchOptions, Watcher, WatcherSink } from '../core/backend';
import type { TrafficLog } from '../core/traffic-log';
import type { ConnectionEvents } from '../core/conversations';
import type { WatcherSetting } from '../core/settings';
import { type BackendChoice } from '../backends';
import type { WatcherOrigin, WatcherStatus } from './watcher-status';
export interface ConfiguredWatcher {
    setting: WatcherSetting;
    origin: WatcherOrigin;
}
export interface ManagerLogger {
    info(message: string): void;
    warn(message: string): void;
    error(message: string): void;
}
export type CreateWatcher = (options: WatchOptions, sink: WatcherSink, choice: BackendChoice) => Promise<Watcher>;
export interface ManagerOptions {
    /** Opens the backend of a watcher (tests hand in their own). */
    create?: CreateWatcher;
    /** Told of every client connect and disconnect (the conversations). */
    connections?: ConnectionEvents;
}
export declare class WatcherManager {
    private readonly log;
    private readonly logger;
    private readonly entries;
    private readonly listeners;
    private readonly rates;
    private trusted;
    private disposed;
    private readonly create;
    private readonly connections;
    constructor(log: TrafficLog, logger: ManagerLogger, options?: ManagerOptions);
    /**
     * Brings the running set in line with the settings: removed watchers stop, changed ones restart,
     * new ones with `autoStart` start (unless the workspace is untrusted and they come from it).
     */
    apply(configured: readonly ConfiguredWatcher[], trusted: boolean): Promise<void>;
    list(): WatcherStatus[];
    get(id: string): WatcherStatus | undefined;
    setting(id: string): (WatcherSetting & {
        origin: WatcherOrigin;
    }) | undefined;
    /** Starts a watcher; rejects with a clear message (and shows it on the watcher) when it cannot. */
    start(id: string): Promise<void>;
    stop(id: string): Promise<void>;
    stopAll(): Promise<void>;
    /** Pipe watchers: writes to connected clients (all, or one connection). */
    send(id: string, bytes: Uint8Array, connection?: number): Promise<void>;
    /** Messages per second over every watcher. */
    totalRate(): number;
    onDidChange(listener: () => void): () => void;
    dispose(): Promise<void>;
    private mayStart;
    private status;
    private optionsFor;
    private sinkFor;
    private onEvent;
    private setState;
    private serialize;
    private require;
    private countsById;
    private emit;
}
