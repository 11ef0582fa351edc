import type { WatchOptions, Watcher, WatcherSink } from '../core/backend';
export interface NetbiosWatcher extends Watcher {
    /** Repeated datagrams (same source, id and bytes) that were dropped. */
    readonly repeats: number;
    /** The bound address and port, once started. */
    readonly local?: {
        address: string;
        port: number;
    };
}
export declare function watchDatagrams(options: WatchOptions, sink: WatcherSink): NetbiosWatcher;
