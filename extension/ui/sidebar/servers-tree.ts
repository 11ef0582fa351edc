/** Sidebar section "Discovered servers": IP:port from MS_MESSAGE-style announcements, with when last seen. */
import * as vscode from 'vscode';
import type { DiscoveredServer, DiscoveredServers } from '../../watchers/server-announcements';

export const SERVERS_VIEW_ID = 'slotpipe.servers';

export class ServerItem extends vscode.TreeItem {
  constructor(readonly server: DiscoveredServer, now: number) {
    super(server.address, vscode.TreeItemCollapsibleState.None);
    this.id = server.address;
    this.description = `seen ${ago(now - server.lastSeen)} · ${server.count}×`;
    this.tooltip = [
      `${server.address} (announced "${server.ipText}", ip field ${server.ip})`,
      `via ${server.endpoint}${server.from ? ` from ${server.from}` : ''}`,
      `first seen ${new Date(server.firstSeen).toLocaleString()}`,
      `last seen ${new Date(server.lastSeen).toLocaleString()}`,
    ].join('\n');
    this.iconPath = new vscode.ThemeIcon('server-environment');
    this.contextValue = 'server';
  }
}

function ago(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m ago`;
  return `${Math.round(seconds / 3600)}h ago`;
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
