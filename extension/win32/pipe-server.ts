/** Serves a named pipe (many clients at once) on an I/O worker thread and shows what clients send. */
import { requireLocal } from '../core/endpoint';
import type { WatchOptions, Watcher, WatcherSink } from '../core/backend';
import { WATCHER_OPTIONS } from '../core/watcher-options';
import { workerWatcher } from './io-worker-host';
import { DEFAULT_BUSY_TIMEOUT_MS } from './pipe-client';

export const DEFAULT_PIPE_BUFFER = 64 * 1024;

export function watchPipe(options: WatchOptions, sink: WatcherSink): Watcher {
  const endpoint = requireLocal(options.endpoint);
  return workerWatcher(
    {
      kind: 'pipe-server',
      path: endpoint.path,
      direction: options.direction ?? WATCHER_OPTIONS.direction.default,
      pipeMode: options.pipeMode ?? WATCHER_OPTIONS.pipeMode.default,
      maxInstances: options.maxInstances ?? 0,
      allowRemoteClients: options.allowRemoteClients ?? WATCHER_OPTIONS.allowRemoteClients.default,
      security: options.pipeSecurity ?? WATCHER_OPTIONS.pipeSecurity.default,
      proxyTo: options.proxyTo?.path,
      ...(options.intercept && { intercept: true, requiredMode: options.pipeMode, requiredDirection: options.direction }),
      busyTimeout: DEFAULT_BUSY_TIMEOUT_MS,
      inBufferSize: options.inBufferSize ?? DEFAULT_PIPE_BUFFER,
      outBufferSize: options.outBufferSize ?? DEFAULT_PIPE_BUFFER,
    },
    sink,
  );
}
