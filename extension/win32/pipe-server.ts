/** Serves a named pipe (many clients at once) on an I/O worker thread and shows what clients send. */
import { requireLocal } from '../core/endpoint';
import type { WatchOptions, Watcher, WatcherSink } from '../core/backend';
import { workerWatcher } from './io-worker-host';
import { DEFAULT_BUSY_TIMEOUT_MS } from './pipe-client';
import { DEFAULT_PIPE_SDDL } from './pipe-security';

export const DEFAULT_PIPE_BUFFER = 64 * 1024;

export function watchPipe(options: WatchOptions, sink: WatcherSink): Watcher {
  const endpoint = requireLocal(options.endpoint);
  return workerWatcher(
    {
      kind: 'pipe-server',
      path: endpoint.path,
      direction: options.direction ?? 'duplex',
      pipeMode: options.pipeMode ?? 'message',
      maxInstances: options.maxInstances ?? 0,
      allowRemoteClients: options.allowRemoteClients ?? false,
      security: options.pipeSecurity ?? DEFAULT_PIPE_SDDL,
      proxyTo: options.proxyTo?.path,
      busyTimeout: DEFAULT_BUSY_TIMEOUT_MS,
      inBufferSize: options.inBufferSize ?? DEFAULT_PIPE_BUFFER,
      outBufferSize: options.outBufferSize ?? DEFAULT_PIPE_BUFFER,
    },
    sink,
  );
}
