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
    item.text = `$(radio-tower) ${listening}${failed ? ` $(error) ${failed}` : ''} · ${rate >= 10 ? rate.toFixed(0) : rate.toFixed(1)} msg/s`;
    item.tooltip = `Slotpipe: ${listening} of ${watchers.length} watchers listening${failed ? `, ${failed} failed` : ''}, ${rate.toFixed(1)} messages per second. Click to show the traffic.`;
    item.backgroundColor = failed ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    if (watchers.length) item.show();
    else item.hide();
  };
  update();
  const subscription = services.onDidChangeWatchers(update);
  return vscode.Disposable.from(item, subscription);
}
