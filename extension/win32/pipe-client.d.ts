/** Connects to a named pipe (local or `\\machine\pipe\name`) as a client, on an I/O worker thread. */
import type { Endpoint } from '../core/endpoint';
import type { PipeClient, PipeClientOptions, WatcherSink } from '../core/backend';
export declare const DEFAULT_BUSY_TIMEOUT_MS = 5000;
export declare function connectPipe(endpoint: Endpoint, options: PipeClientOptions, sink: WatcherSink): Promise<PipeClient>;
