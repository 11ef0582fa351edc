/** The webview's handle on VS Code: messages to the host and the state kept across reloads. */
import { VIEW_STATE_ELEMENT_ID, type FromWebviewMessage, type PanelState } from '../extension/core/panel-protocol';

export type { PanelState };

export const initialState: PanelState = { savedAt: 0, filter: '', paused: false, follow: true, messageDecoders: [] };

/** The state the panel comes back with: the newer of VS Code's (getState) and the host's copy in the page. */
export function restoredState(): PanelState {
  const text = document.getElementById(VIEW_STATE_ELEMENT_ID)?.textContent;
  const kept = text ? (JSON.parse(text) as PanelState) : undefined;
  const saved = vscode.getState();
  const newer = kept && (!saved || (kept.savedAt ?? 0) > (saved.savedAt ?? 0)) ? kept : saved;
  return { ...initialState, ...newer };
}

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export const vscode: VsCodeApi = acquireVsCodeApi();
