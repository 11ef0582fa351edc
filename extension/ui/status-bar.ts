/** Status-bar item: how many watchers are listening and the messages per second; click shows the panel. */
import * as vscode from 'vscode';
import type { SlotpipeServices } from './services';

export function registerStatusBar(services: SlotpipeServices, totalRate: () => number): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('slotpipe.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Slotpipe';
  item.command = 'slotpipe.showTraffic';
  const update = () => {
    const watchers = services.watchers();
    const listening = watchers.filter((w) => w.state === 'listening').length;
    const failed = watchers.filter((w) => w.state === 'error').length;
    const rate = totalRate();
    const shownRate = rate >= 10 ? rate.toFixed(0) : rate.toFixed(1);
    item.text = `$(radio-tower) ${listening}${failed ? ` $(error) ${failed}` : ''} · ${vscode.l10n.t('{0} msg/s', shownRate)}`;
    item.tooltip = failed
      ? vscode.l10n.t('Slotpipe: {0} of {1} watchers listening, {2} failed, {3} messages per second. Click to show the traffic.', listening, watchers.length, failed, rate.toFixed(1))
      : vscode.l10n.t('Slotpipe: {0} of {1} watchers listening, {2} messages per second. Click to show the traffic.', listening, watchers.length, rate.toFixed(1));
    item.backgroundColor = failed ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    if (watchers.length) item.show();
    else item.hide();
  };
  update();
  const subscription = services.onDidChangeWatchers(update);
  return vscode.Disposable.from(item, subscription);
}
