/** Watches a local mailslot: the mailslot is created and read on an I/O worker thread. */
import { ALL_MAILSLOTS, EndpointError, requireLocal } from '../core/endpoint';
import type { WatchOptions, Watcher, WatcherSink } from '../core/backend';
import { WATCHER_OPTIONS } from '../core/watcher-options';
import { workerWatcher } from './io-worker-host';
import { newWakeToken } from './mailslot-wake';

export interface MailslotWatcher extends Watcher {
  /** Waits that ended with no message so far: 0 unless a read timeout is set (a stop wakes the reader instead). */
  idleWakeups(): number;
}

export function watchMailslot(options: WatchOptions, sink: WatcherSink): MailslotWatcher {
  const endpoint = requireLocal(options.endpoint);
  if (endpoint.name === ALL_MAILSLOTS) {
    throw new EndpointError(endpoint.path, 'every mailslot can only be watched on the network: add --netbios (or the netbios watcher setting)');
  }
  // A mailslot is read-only: the watcher has no send.
  const { start, stop, idleWakeups } = workerWatcher(
    {
      kind: 'mailslot',
      path: endpoint.path,
      maxMessageSize: options.maxMessageSize ?? WATCHER_OPTIONS.maxMessageSize.default,
      readTimeout: options.readTimeout,
      wakeToken: newWakeToken(),
    },
    sink,
  );
  return { start, stop, idleWakeups };
}
