/**
 * The panel's HTML shell: a strict CSP with a per-load nonce, the stylesheet, as inert JSON the
 * extension's l10n bundle (webview/l10n-bundle.ts reads it) and a restored panel's kept view state, and
 * the bundled script.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { L10N_BUNDLE_ELEMENT_ID, VIEW_STATE_ELEMENT_ID, type PanelState } from '../../core/panel-protocol';

/** `kept`: the host's copy of a restored panel's view state, for the webview to weigh against getState(). */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, kept?: PanelState): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css'));
  const csp = [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${webview.cspSource}`].join('; ');
  // As inert JSON, `<` escaped so no string in it can end the element early.
  const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="${vscode.env.language.replace(/[^A-Za-z0-9-]/g, '')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Slotpipe Traffic</title>
</head>
<body>
<div id="app"></div>
<script type="application/json" id="${L10N_BUNDLE_ELEMENT_ID}">${json(vscode.l10n.bundle ?? {})}</script>
${kept ? `<script type="application/json" id="${VIEW_STATE_ELEMENT_ID}">${json(kept)}</script>` : ''}
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

/** Scripts only from dist/, styles and icons only from media/. */
export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}
