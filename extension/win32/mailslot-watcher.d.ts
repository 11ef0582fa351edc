import type { WatchOptions, Watcher, WatcherSink } from '../core/backend';
export declare function watchMailslot(options: WatchOptions, sink: WatcherSink): Watcher;
