/**
 * The traffic panel's entry point for the composition root: one panel at a time, restored after a
 * reload by its serializer, with clear and pause/resume for the commands.
 */
import * as vscode from 'vscode';
import type { SlotpipeServices } from '../services';
import { PanelSession } from './panel-session';
import { RateHistory } from './rate-history';

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

  const attach = (panel: vscode.WebviewPanel): PanelSession => {
    session?.panel.dispose();
    panel.iconPath = {
      light: vscode.Uri.joinPath(context.extensionUri, 'media', 'traffic-light.svg'),
      dark: vscode.Uri.joinPath(context.extensionUri, 'media', 'traffic-dark.svg'),
    };
    const created = new PanelSession(panel, services, rates, context.extensionUri, () => {
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
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        // The webview restores its own filter, selection and scroll position from getState().
        const filter = (state as { filter?: unknown } | undefined)?.filter;
        services.output.info(`traffic panel restored ${typeof filter === 'string' ? `with the filter "${filter}"` : 'without a saved view state'}`);
        attach(panel);
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
