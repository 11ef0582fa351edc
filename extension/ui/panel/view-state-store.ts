/**
 * The host's copy of the traffic panel's view state, in a file of the extension's storage. VS Code keeps
 * a webview's setState in the workbench's storage, which the browser writes late: a window reload soon
 * after a change (seen with code-server under load) brings the panel back with an older state. The
 * webview sends each state it saves; a restored panel gets the newer of the two (webview/vscode-api.ts).
 */
import * as vscode from 'vscode';
import type { PanelState } from '../../core/panel-protocol';

export class ViewStateStore {
  private pending: PanelState | undefined;
  private writing: Promise<void> | undefined;

  /** `folder`: the extension's workspace storage, else its global storage. */
  constructor(private readonly folder: vscode.Uri, private readonly onError: (error: unknown) => void) {}

  private get file(): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, 'traffic-panel-state.json');
  }

  /** The last state kept, or undefined (none yet, or unreadable). */
  async read(): Promise<PanelState | undefined> {
    try {
      const state = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(this.file))) as PanelState;
      return typeof state === 'object' && state !== null && typeof state.savedAt === 'number' ? state : undefined;
    } catch {
      return undefined;
    }
  }

  /** Keeps `state`; writes one at a time, and only the newest of those that came meanwhile. */
  save(state: PanelState): void {
    this.pending = state;
    this.writing ??= this.flush();
  }

  private async flush(): Promise<void> {
    try {
      await vscode.workspace.fs.createDirectory(this.folder);
      while (this.pending) {
        const state = this.pending;
        this.pending = undefined;
        await vscode.workspace.fs.writeFile(this.file, new TextEncoder().encode(JSON.stringify(state)));
      }
    } catch (error) {
      this.onError(error);
    } finally {
      this.writing = undefined;
    }
  }
}
