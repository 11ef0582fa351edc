/** Connects to a named pipe (local or `\\machine\pipe\name`) as a client, on an I/O worker thread. */
import type { Endpoint } from '../core/endpoint';
import type { PipeClient, PipeClientOptions, WatcherSink } from '../core/backend';
import { IoWorkerHost } from './io-worker-host';

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export async function connectPipe(endpoint: Endpoint, options: PipeClientOptions, sink: WatcherSink): Promise<PipeClient> {
  const host = await IoWorkerHost.start({ kind: 'pipe-client', path: endpoint.path, busyTimeout: options.busyTimeout ?? DEFAULT_BUSY_TIMEOUT_MS }, sink);
  return {
    messageMode: host.messageMode,
    send: (bytes) => host.write(bytes),
    close: () => host.stop(),
  };
}
