/** Watches a local mailslot: the mailslot is created and read on an I/O worker thread. */
import { requireLocal } from '../core/endpoint';
import type { WatchOptions, Watcher, WatcherSink } from '../core/backend';
import { IoWorkerHost } from './io-worker-host';

export const DEFAULT_READ_TIMEOUT_MS = 200;

export function watchMailslot(options: WatchOptions, sink: WatcherSink): Watcher {
  const endpoint = requireLocal(options.endpoint);
  let host: IoWorkerHost | undefined;
  return {
    async start() {
      host = await IoWorkerHost.start(
        {
          kind: 'mailslot',
          path: endpoint.path,
          maxMessageSize: options.maxMessageSize ?? 0,
          readTimeout: options.readTimeout ?? DEFAULT_READ_TIMEOUT_MS,
        },
        sink,
      );
    },
    async stop() {
      await host?.stop();
      host = undefined;
    },
  };
}
