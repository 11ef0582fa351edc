/** Sending is refused in an untrusted workspace: a folder's settings must not make Slotpipe talk to anything. */
import * as vscode from 'vscode';

export function requireTrustToSend(): void {
  if (!vscode.workspace.isTrusted) {
    throw new Error(vscode.l10n.t('Slotpipe does not send messages in an untrusted workspace. Trust the workspace (Manage Workspace Trust) to send.'));
  }
}
