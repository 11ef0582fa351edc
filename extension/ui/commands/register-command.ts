/**
 * Registers a command whose failures are shown to the person (and logged) instead of vanishing:
 * the message is the error's own, which names what was wrong.
 */
import * as vscode from 'vscode';
import { errorMessage } from '../../core/error-message';

export function registerCommand(
  output: vscode.LogOutputChannel,
  id: string,
  handler: (...args: any[]) => unknown,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (err) {
      const message = errorMessage(err);
      output.error(`${id}: ${message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Slotpipe: {0}', message));
      return undefined;
    }
  });
}
