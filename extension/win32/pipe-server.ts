/** Serves a named pipe (many clients at once) on an I/O worker thread and shows what clients send. */
import { requireLocal } from '../core/endpoint';
import type { WatchOptions, Watcher, WatcherSink } from '../core/backend';
import { WATCHER_OPTIONS } from '../core/watcher-options';
import { workerWatcher } from './io-worker-host';
import { DEFAULT_BUSY_TIMEOUT_MS } from './pipe-client';
import { BYTE_PIPE_BUFFER, PIPE_BUFFER } from './worker-protocol';

export function watchPipe(options: WatchOptions, sink: WatcherSink): Watcher {
  const endpoint = requireLocal(options.endpoint);
  const pipeMode = options.pipeMode ?? WATCHER_OPTIONS.pipeMode.default;
  return workerWatcher(
    {
      kind: 'pipe-server',
      path: endpoint.path,
      direction: options.direction ?? WATCHER_OPTIONS.direction.default,
      pipeMode,
      maxInstances: options.maxInstances ?? 0,
      allowRemoteClients: options.allowRemoteClients ?? WATCHER_OPTIONS.allowRemoteClients.default,
      security: options.pipeSecurity ?? WATCHER_OPTIONS.pipeSecurity.default,
      proxyTo: options.proxyTo?.path,
      ...(options.intercept && { intercept: true, requiredMode: options.pipeMode, requiredDirection: options.direction }),
      busyTimeout: DEFAULT_BUSY_TIMEOUT_MS,
      inBufferSize: options.inBufferSize ?? (pipeMode === 'byte' ? BYTE_PIPE_BUFFER : PIPE_BUFFER),
      outBufferSize: options.outBufferSize ?? PIPE_BUFFER,
    },
    sink,
  );
}
