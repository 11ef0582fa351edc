/** What every command adapter gets from the composition root. */
import type * as vscode from 'vscode';
import type { WatcherManager } from '../../watchers/watcher-manager';
import type { DiscoveredServers } from '../../watchers/server-announcements';
import type { SlotpipeServicesHost } from '../slotpipe-services';
import type { PipesTree } from '../sidebar/pipes-tree';
import type { RecentEndpoints } from '../send/recent-endpoints';
import type { DescribeMessage } from '../../capture/capture-record';

/** The traffic panel as the commands use it (registered by extension/ui/panel). */
export interface PanelControls {
  show(): void;
  clear(): void;
  togglePause(): boolean;
}

export interface CommandContext {
  readonly extension: vscode.ExtensionContext;
  readonly services: SlotpipeServicesHost;
  readonly manager: WatcherManager;
  readonly servers: DiscoveredServers;
  readonly pipesTree: PipesTree;
  readonly recent: RecentEndpoints;
  readonly panel: PanelControls;
  /** The decoded fields a capture line carries for a message. */
  readonly describe: DescribeMessage;
}
