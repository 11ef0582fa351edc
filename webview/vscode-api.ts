/** The webview's handle on VS Code: messages to the host and the state kept across reloads. */
import type { FromWebviewMessage } from '../extension/core/panel-protocol';

/** What a reloaded (or re-shown) panel comes back with. */
export interface PanelState {
  filter: string;
  paused: boolean;
  /** The view's end index when paused (rows after it are "new"). */
  frozenEnd?: number;
  follow: boolean;
  /** View index of the top row when not following. */
  topIndex?: number;
  /** The selected row: its view index, and its seq to check it is still the same message. */
  selectedIndex?: number;
  selectedSeq?: number;
  /** Decoder chosen for single messages, by seq. */
  messageDecoders: [number, string][];
  /** The log those seqs (and the selected row's) belong to (ViewAnnouncement.logId). */
  logId?: string;
  /** Whether the Conversations pane is open. */
  conversations?: boolean;
}

export const initialState: PanelState = { filter: '', paused: false, follow: true, messageDecoders: [] };

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export const vscode: VsCodeApi = acquireVsCodeApi();
