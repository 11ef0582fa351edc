/**
 * The traffic panel's entry point for the composition root: one panel at a time, restored after a
 * reload by its serializer, with clear and pause/resume for the commands.
 */
import * as vscode from 'vscode';
import type { SlotpipeServices } from '../services';
import type { PanelState } from '../../core/panel-protocol';
import { errorMessage } from '../../core/error-message';
import { PanelSession } from './panel-session';
import { RateHistory } from './rate-history';
import { ViewStateStore } from './view-state-store';

export const TRAFFIC_PANEL_VIEW_TYPE = 'slotpipe.traffic';

export interface TrafficPanel {
  /** Opens the panel, or brings it to the front. */
  show(): void;
  /** Forgets every held message (the log's seq keeps counting). */
  clear(): void;
  /** Freezes or unfreezes the open panel's view (capture continues); false when no panel is open. */
  togglePause(): boolean;
}

export function registerTrafficPanel(context: vscode.ExtensionContext, services: SlotpipeServices): TrafficPanel {
  const rates = new RateHistory();
  let session: PanelSession | undefined;
  const viewStates = new ViewStateStore(context.storageUri ?? context.globalStorageUri, (error) =>
    services.output.warn(`the traffic panel's view state could not be kept: ${errorMessage(error)}`));

  /** `kept`: the host's copy of a restored panel's view state. */
  const attach = (panel: vscode.WebviewPanel, kept?: PanelState): PanelSession => {
    session?.panel.dispose();
    panel.iconPath = {
      light: vscode.Uri.joinPath(context.extensionUri, 'media', 'traffic-light.svg'),
      dark: vscode.Uri.joinPath(context.extensionUri, 'media', 'traffic-dark.svg'),
    };
    const created = new PanelSession(panel, services, rates, context.extensionUri, viewStates, kept, () => {
      if (session === created) session = undefined;
    });
    session = created;
    return created;
  };

  const unsubscribe = services.log.onAppend((batch) => rates.addBatch(batch));
  context.subscriptions.push(
    { dispose: unsubscribe },
    { dispose: () => session?.panel.dispose() },
    vscode.window.registerWebviewPanelSerializer(TRAFFIC_PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PanelState | undefined) {
        // The webview restores its filter, pause, selection and scroll position: from getState(), or from
        // the host's copy when that is newer (VS Code's may be older after a quick reload).
        const kept = await viewStates.read();
        const newer = kept && (kept.savedAt ?? 0) > (state?.savedAt ?? 0) ? 'the host\'s copy' : 'VS Code\'s';
        services.output.info(`traffic panel restored with ${newer} view state (filter "${(newer === 'VS Code\'s' ? state : kept)?.filter ?? ''}")`);
        attach(panel, kept);
      },
    }),
  );

  return {
    show() {
      if (session) {
        session.panel.reveal();
        return;
      }
      attach(vscode.window.createWebviewPanel(TRAFFIC_PANEL_VIEW_TYPE, vscode.l10n.t('Slotpipe Traffic'), vscode.ViewColumn.Active, { enableFindWidget: false }));
    },
    clear() {
      if (session) session.clear();
      else services.log.clear();
    },
    togglePause() {
      session?.togglePause();
      return session !== undefined;
    },
  };
}
