/**
 * What the views (traffic panel, sidebar, status bar, commands) get from the composition root.
 * Types only: extension.ts builds the one instance and hands it to every view.
 */
import type * as vscode from 'vscode';
import type { TrafficLog } from '../core/traffic-log';
import type { Conversations } from '../core/conversations';
import type { Arch } from '../core/arch';
import type { HeaderSet } from '../core/header-set';
import type { WatcherStatus } from '../watchers/watcher-status';

export type { WatcherOrigin, WatcherState, WatcherStatus } from '../watchers/watcher-status';

export interface SlotpipeServices {
  readonly log: TrafficLog;
  /** The log's pipe traffic by connection, with request/reply pairs. */
  readonly conversations: Conversations;
  /** `slotpipe.unansweredAfterMs`: a request waiting longer is flagged. */
  unansweredAfterMs(): number;
  watchers(): WatcherStatus[];
  readonly onDidChangeWatchers: vscode.Event<void>;
  /** C header files configured in `slotpipe.headers`, read from the workspace, with the files they include. */
  structHeaders(): HeaderSet;
  /** The target a watcher's messages are laid out for: its `arch`, else `slotpipe.arch`. */
  watcherArch(watcherId: string): Arch;
  readonly onDidChangeHeaders: vscode.Event<void>;
  /** Per-watcher decoder choice changed from the panel: persisted to settings where the watcher is configured. */
  setWatcherDecoder(watcherId: string, decode: string): Promise<void>;
  readonly output: vscode.LogOutputChannel;
  /** Problems found in the `slotpipe.*` settings, each naming the bad setting (empty when all is well). */
  settingsProblems(): string[];
}
