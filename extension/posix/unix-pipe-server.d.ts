import type { WatchOptions, Watcher, WatcherSink } from '../core/backend';
export interface UnixPipeWatcher extends Watcher {
    /** The socket file, once listening. */
    readonly socketPath: string;
    /** Connection ids of the clients connected now. */
    connections(): number[];
}
export declare function watchUnixPipe(options: WatchOptions, sink: WatcherSink): UnixPipeWatcher;
