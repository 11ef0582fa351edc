/** Show Traffic, Clear Traffic, Pause/Resume Traffic: thin adapters to the traffic panel. */
import * as vscode from 'vscode';
import type { CommandContext } from './command-context';
import { registerCommand } from './register-command';

export function registerTrafficCommands(ctx: CommandContext): vscode.Disposable[] {
  const output = ctx.services.output;
  return [
    registerCommand(output, 'slotpipe.showTraffic', () => ctx.panel.show()),
    registerCommand(output, 'slotpipe.clearTraffic', () => {
      ctx.panel.clear();
      ctx.servers.clear();
      return ctx.services.log.stats();
    }),
    registerCommand(output, 'slotpipe.togglePause', () => {
      const toggled = ctx.panel.togglePause();
      if (!toggled) void vscode.window.setStatusBarMessage(vscode.l10n.t('Slotpipe: the traffic view is not open'), 3000);
      return toggled;
    }),
  ];
}
