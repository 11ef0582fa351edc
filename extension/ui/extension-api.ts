/** What `activate` returns: the running parts, for other extensions and for the integration tests. */
import type { WatcherManager } from '../watchers/watcher-manager';
import type { DiscoveredServers } from '../watchers/server-announcements';
import type { CaptureRecorder } from './capture-recorder';
import type { RepeatSender } from './send/repeat-sender';
import type { SlotpipeServicesHost } from './slotpipe-services';

export interface SlotpipeApi {
  readonly services: SlotpipeServicesHost;
  readonly manager: WatcherManager;
  readonly servers: DiscoveredServers;
  readonly capture: CaptureRecorder;
  readonly repeater: RepeatSender;
  /** Resolves once the settings read at activation are applied (watchers with autoStart started). */
  readonly ready: Promise<void>;
}
