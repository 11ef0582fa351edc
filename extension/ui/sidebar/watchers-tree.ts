/** Sidebar section "Watchers": each configured watcher with its state, message count and rate. */
import * as vscode from 'vscode';
import type { SlotpipeServices, WatcherStatus } from '../services';
import { watcherOriginLabel, watcherStateLabel } from '../watcher-labels';

export const WATCHERS_VIEW_ID = 'slotpipe.watchers';

export class WatcherItem extends vscode.TreeItem {
  constructor(readonly status: WatcherStatus) {
    super(status.endpoint, vscode.TreeItemCollapsibleState.None);
    this.id = status.id;
    const rate = status.rate >= 10 ? status.rate.toFixed(0) : status.rate.toFixed(1);
    const count = vscode.l10n.t('{0} msgs', status.counters.messages.toLocaleString('en-US'));
    const state = watcherStateLabel(status.state);
    this.description = status.state === 'listening'
      ? vscode.l10n.t('{0} · {1}/s', count, rate)
      : status.blocked ? vscode.l10n.t('not trusted · {0}', count) : `${state} · ${count}`;
    this.iconPath = iconFor(status);
    // contextValue drives the inline start/stop buttons (see package.json menus).
    this.contextValue = `watcher.${status.state === 'listening' || status.state === 'starting' ? 'running' : 'stopped'}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${escapeMarkdown(status.endpoint)}** — ${state}\n\n`);
    tooltip.appendMarkdown(`${vscode.l10n.t('Decoder: {0} · {1}', `\`${status.decode}\``, watcherOriginLabel(status.origin))}\n\n`);
    tooltip.appendMarkdown(`${vscode.l10n.t('{0}, {1} bytes, {2} dropped from the log', count, status.counters.bytes.toLocaleString('en-US'), status.counters.dropped)}\n\n`);
    if (status.error) tooltip.appendMarkdown(`$(error) ${escapeMarkdown(status.error)}\n\n`);
    for (const notice of status.notices ?? []) tooltip.appendMarkdown(`$(warning) ${escapeMarkdown(notice)}\n\n`);
    if (status.blocked) tooltip.appendMarkdown(`$(shield) ${escapeMarkdown(status.blocked)}`);
    this.tooltip = tooltip;
  }
}

function iconFor(status: WatcherStatus): vscode.ThemeIcon {
  if (status.blocked) return new vscode.ThemeIcon('shield', new vscode.ThemeColor('disabledForeground'));
  switch (status.state) {
    case 'listening':
      return new vscode.ThemeIcon('radio-tower', new vscode.ThemeColor('testing.iconPassed'));
    case 'starting':
      return new vscode.ThemeIcon('loading~spin');
    case 'error':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    default:
      return new vscode.ThemeIcon('debug-stop', new vscode.ThemeColor('disabledForeground'));
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

export class WatchersTree implements vscode.TreeDataProvider<WatcherItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly services: SlotpipeServices) {
    this.subscription = services.onDidChangeWatchers(() => this.changed.fire());
  }

  getTreeItem(item: WatcherItem): vscode.TreeItem {
    return item;
  }

  getChildren(): WatcherItem[] {
    return this.services.watchers().map((status) => new WatcherItem(status));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
