import type { WatchOptions, Watcher, WatcherSink } from '../core/backend';
export declare const DEFAULT_PIPE_BUFFER: number;
export declare function watchPipe(options: WatchOptions, sink: WatcherSink): Watcher;
