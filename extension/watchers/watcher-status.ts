/** What views show about one watcher. Plain data, shared by the watcher manager and the views. */
import type { WatcherCounters } from '../core/traffic-log';

export type WatcherState = 'stopped' | 'starting' | 'listening' | 'error';

/** Where a watcher was configured: Workspace Trust decides whether workspace ones may start. */
export type WatcherOrigin = 'user' | 'workspace';

export interface WatcherStatus {
  /** Stable id (the configured endpoint, normalised, or a generated id for ad-hoc watchers). */
  id: string;
  endpoint: string;
  /** Decoder choice text, e.g. `auto`, `text`, `struct:MS_MESSAGE`. */
  decode: string;
  state: WatcherState;
  /** The last error, shown in the sidebar and the panel. */
  error?: string;
  counters: WatcherCounters;
  /** Messages per second over the last few seconds. */
  rate: number;
  origin: WatcherOrigin;
  /** What the watcher could not see (a live intercept: connections made before it, clients that went past it). */
  notices?: string[];
  /** Why the watcher may not start now (an untrusted workspace), if so. */
  blocked?: string;
}
