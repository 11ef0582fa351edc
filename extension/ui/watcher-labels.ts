/** The words the views show for a watcher's state and for where it was configured, in the display language. */
import * as vscode from 'vscode';
import type { WatcherOrigin, WatcherState } from './services';

export function watcherStateLabel(state: WatcherState): string {
  switch (state) {
    case 'stopped':
      return vscode.l10n.t('stopped');
    case 'starting':
      return vscode.l10n.t('starting');
    case 'listening':
      return vscode.l10n.t('listening');
    case 'error':
      return vscode.l10n.t('error');
  }
}

export function watcherOriginLabel(origin: WatcherOrigin): string {
  return origin === 'user' ? vscode.l10n.t('from user settings') : vscode.l10n.t('from workspace settings');
}
