import type { PipeClient, PipeClientOptions, WatcherSink } from '../core/backend';
import type { Endpoint } from '../core/endpoint';
export declare function connectUnixPipe(endpoint: Endpoint, options: PipeClientOptions, sink: WatcherSink): Promise<PipeClient>;
