/**
 * Sidebar section "Discovered servers": each announced server with how long ago it was heard, how often
 * it announces and who announced it; late ones are marked, gone ones greyed (kept until cleared).
 */
import * as vscode from 'vscode';
import type { DiscoveredServer, DiscoveredServers } from '../../watchers/server-announcements';
import { displayName } from '../../core/quote';

export const SERVERS_VIEW_ID = 'slotpipe.servers';

const ICONS = {
  live: new vscode.ThemeIcon('server-environment', new vscode.ThemeColor('charts.green')),
  late: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  gone: new vscode.ThemeIcon('server-environment', new vscode.ThemeColor('disabledForeground')),
};

export class ServerItem extends vscode.TreeItem {
  constructor(readonly server: DiscoveredServer, now: number) {
    super(server.address, vscode.TreeItemCollapsibleState.None);
    this.id = server.address;
    const heard = vscode.l10n.t('seen {0} · {1}×', ago(now - server.lastSeen), server.count);
    this.description = server.liveness === 'live' ? heard
      : server.liveness === 'late' ? vscode.l10n.t('late · {0}', heard)
      : vscode.l10n.t('gone · {0}', heard);
    this.tooltip = [
      vscode.l10n.t('{0}, announced as {1}', server.address, server.struct),
      // Who announced it comes off the network as it was sent: controls are shown escaped.
      server.from ? vscode.l10n.t('via {0} from {1}', server.endpoint, displayName(server.from)) : vscode.l10n.t('via {0}', server.endpoint),
      server.interval !== undefined ? vscode.l10n.t('announces every {0} s', (server.interval / 1000).toFixed(1)) : vscode.l10n.t('announced once so far'),
      vscode.l10n.t('first seen {0}', new Date(server.firstSeen).toLocaleString()),
      vscode.l10n.t('last seen {0}', new Date(server.lastSeen).toLocaleString()),
      server.liveness === 'late' ? vscode.l10n.t('late: not heard for 3 of its usual intervals') : '',
      server.liveness === 'gone' ? vscode.l10n.t('gone: not heard for 10 of its usual intervals (kept until cleared)') : '',
    ].filter(Boolean).join('\n');
    this.iconPath = ICONS[server.liveness];
    this.contextValue = `server.${server.liveness}`;
  }
}

function ago(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return vscode.l10n.t('{0}s ago', seconds);
  if (seconds < 3600) return vscode.l10n.t('{0}m ago', Math.round(seconds / 60));
  return vscode.l10n.t('{0}h ago', Math.round(seconds / 3600));
}

export class ServersTree implements vscode.TreeDataProvider<ServerItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly unsubscribe: () => void;
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly servers: DiscoveredServers) {
    // Announcements arrive every second or so: redraw at most once a second.
    this.unsubscribe = servers.onDidChange(() => {
      this.pending ??= setTimeout(() => {
        this.pending = undefined;
        this.changed.fire();
      }, 1000);
    });
  }

  getTreeItem(item: ServerItem): vscode.TreeItem {
    return item;
  }

  getChildren(): ServerItem[] {
    const now = Date.now();
    return this.servers.list().map((server) => new ServerItem(server, now));
  }

  dispose(): void {
    this.unsubscribe();
    if (this.pending) clearTimeout(this.pending);
    this.changed.dispose();
  }
}
