/**
 * What the views (traffic panel, sidebar, status bar, commands) get from the composition root.
 * Types only: extension.ts builds the one instance and hands it to every view.
 */
import type * as vscode from 'vscode';
import type { TrafficLog } from '../core/traffic-log';
import type { WatcherCounters } from '../core/traffic-log';

export type WatcherState = 'stopped' | 'starting' | 'listening' | 'error';

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
}

export interface HeaderSource {
  fileName: string;
  source: string;
}

export interface SlotpipeServices {
  readonly log: TrafficLog;
  watchers(): WatcherStatus[];
  readonly onDidChangeWatchers: vscode.Event<void>;
  /** C header files configured in `slotpipe.headers`, read from the workspace, for struct decoding. */
  structHeaders(): HeaderSource[];
  readonly onDidChangeHeaders: vscode.Event<void>;
  /** Per-watcher decoder choice changed from the panel: persisted to settings where the watcher is configured. */
  setWatcherDecoder(watcherId: string, decode: string): Promise<void>;
  readonly output: vscode.LogOutputChannel;
}
