/** Sidebar section "Pipes on this machine": the pipe listing, refreshed on demand. */
import * as vscode from 'vscode';
import type { PipeInfo } from '../../core/backend';
import { listPipes } from '../../backends';
import { displayName } from '../../core/quote';
import { errorMessage } from '../../core/error-message';

export const PIPES_VIEW_ID = 'slotpipe.pipes';

export class PipeItem extends vscode.TreeItem {
  constructor(readonly pipe: PipeInfo) {
    // Any local user can name a pipe socket: controls in it are shown escaped.
    super(displayName(pipe.name), vscode.TreeItemCollapsibleState.None);
    this.id = pipe.path;
    const instances = pipe.maxInstances !== undefined
      ? `${pipe.currentInstances}/${pipe.maxInstances < 0 || pipe.maxInstances === 255 ? '∞' : pipe.maxInstances}`
      : `${pipe.currentInstances}`;
    this.description = pipe.currentInstances !== undefined ? vscode.l10n.t('{0} instances', instances) : '';
    this.tooltip = displayName(pipe.path);
    this.iconPath = new vscode.ThemeIcon('plug');
    this.contextValue = 'pipe';
  }
}

class MessageItem extends vscode.TreeItem {
  constructor(label: string, icon: string) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.iconPath = new vscode.ThemeIcon(icon);
    this.contextValue = 'pipe.message';
  }
}

export class PipesTree implements vscode.TreeDataProvider<vscode.TreeItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private pipes: PipeInfo[] | undefined;
  private error: string | undefined;
  private loading: Promise<PipeInfo[]> | undefined;

  constructor(private readonly output: vscode.LogOutputChannel) {}

  /** Lists the pipes again (async; the tree shows the result when it arrives). */
  refresh(): Promise<PipeInfo[]> {
    this.loading ??= listPipes()
      .then((pipes) => {
        this.pipes = pipes.sort((a, b) => a.name.localeCompare(b.name));
        this.error = undefined;
        return this.pipes;
      })
      .catch((err: unknown) => {
        this.error = errorMessage(err);
        this.output.error(`listing pipes failed: ${this.error}`);
        return [];
      })
      .finally(() => {
        this.loading = undefined;
        this.changed.fire();
      });
    return this.loading;
  }

  getTreeItem(item: vscode.TreeItem): vscode.TreeItem {
    return item;
  }

  async getChildren(): Promise<vscode.TreeItem[]> {
    if (!this.pipes && !this.error) await this.refresh();
    if (this.error) return [new MessageItem(vscode.l10n.t('Cannot list pipes: {0}', this.error), 'error')];
    if (!this.pipes?.length) return [new MessageItem(vscode.l10n.t('No pipes found'), 'info')];
    return this.pipes.map((pipe) => new PipeItem(pipe));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
