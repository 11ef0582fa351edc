/**
 * The panel's HTML shell: a strict CSP with a per-load nonce, the stylesheet, the extension's l10n bundle
 * as inert JSON (webview/l10n-bundle.ts reads it) and the bundled script.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { L10N_BUNDLE_ELEMENT_ID } from '../../core/panel-protocol';

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css'));
  const csp = [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${webview.cspSource}`].join('; ');
  // `<` escaped, so no string of the bundle can end the element early.
  const strings = JSON.stringify(vscode.l10n.bundle ?? {}).replace(/</g, '\\u003c');
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
<script type="application/json" id="${L10N_BUNDLE_ELEMENT_ID}">${strings}</script>
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
