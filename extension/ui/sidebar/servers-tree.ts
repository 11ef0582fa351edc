/** Sidebar section "Discovered servers": IP:port from MS_MESSAGE-style announcements, with when last seen. */
import * as vscode from 'vscode';
import type { DiscoveredServer, DiscoveredServers } from '../../watchers/server-announcements';
import { displayName } from '../../core/quote';

export const SERVERS_VIEW_ID = 'slotpipe.servers';

export class ServerItem extends vscode.TreeItem {
  constructor(readonly server: DiscoveredServer, now: number) {
    super(server.address, vscode.TreeItemCollapsibleState.None);
    this.id = server.address;
    this.description = vscode.l10n.t('seen {0} · {1}×', ago(now - server.lastSeen), server.count);
    this.tooltip = [
      // The announced text comes off the network as it was sent: controls are shown escaped.
      vscode.l10n.t('{0} (announced "{1}", ip field {2})', server.address, displayName(server.ipText), server.ip),
      server.from ? vscode.l10n.t('via {0} from {1}', server.endpoint, server.from) : vscode.l10n.t('via {0}', server.endpoint),
      vscode.l10n.t('first seen {0}', new Date(server.firstSeen).toLocaleString()),
      vscode.l10n.t('last seen {0}', new Date(server.lastSeen).toLocaleString()),
    ].join('\n');
    this.iconPath = new vscode.ThemeIcon('server-environment');
    this.contextValue = 'server';
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
