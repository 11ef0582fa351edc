/**
 * Intercept Pipe…: watch two programs talk without changing either. Picks the pipe (or takes the one
 * clicked in "Pipes on this machine"), then how: a live intercept of the running server, or the rename
 * proxy in front of a server that now listens under another name. Either becomes a watcher setting
 * (`intercept` or `proxyTo`) and starts; the traffic panel shows both directions.
 */
import { errorMessage } from '../../core/error-message';
import * as vscode from 'vscode';
import { parseEndpoint } from '../../core/endpoint';
import type { WatcherStatus } from '../services';
import type { PipeItem } from '../sidebar/pipes-tree';
import type { CommandContext } from './command-context';
import { registerCommand } from './register-command';

export function registerInterceptCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
    registerCommand(ctx.services.output, 'slotpipe.interceptPipe', async (target?: PipeItem | string, how?: 'live' | { proxyTo: string }) => {
      const pipe = typeof target === 'string' ? target : target?.pipe.path ?? (await pickPipe(ctx));
      if (!pipe) return undefined;
      const endpoint = parseEndpoint(pipe, 'pipe');
      if (endpoint.kind !== 'pipe' || endpoint.scope !== 'local') throw new Error(vscode.l10n.t('Only a pipe on this computer can be intercepted ({0})', endpoint.path));
      const chosen = how ?? (await pickHow(endpoint.path));
      if (!chosen) return undefined;
      const setting = chosen === 'live' ? { intercept: true } : { proxyTo: parseEndpoint(chosen.proxyTo, 'pipe').path };
      const status = (await vscode.commands.executeCommand('slotpipe.addWatcher', { endpoint: endpoint.path, decode: 'auto', autoStart: true, ...setting })) as WatcherStatus | undefined;
      if (status?.state === 'listening') ctx.panel.show();
      return status;
    }),
  ];
}

async function pickPipe(ctx: CommandContext): Promise<string | undefined> {
  const pipes = await ctx.pipesTree.refresh();
  if (!pipes.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Slotpipe: no pipes found on this machine.'));
    return undefined;
  }
  return vscode.window.showQuickPick(pipes.map((p) => p.path), { title: vscode.l10n.t('Slotpipe: Intercept which pipe?') });
}

async function pickHow(path: string): Promise<'live' | { proxyTo: string } | undefined> {
  const live = {
    label: vscode.l10n.t('Live intercept'),
    detail: vscode.l10n.t('Step in front of the server running now, without restarting it; new clients are relayed through Slotpipe.'),
  };
  const rename = {
    label: vscode.l10n.t('Rename proxy…'),
    detail: vscode.l10n.t('The real server now listens under another name; Slotpipe serves {0} and relays each client to it.', path),
  };
  const picked = await vscode.window.showQuickPick([live, rename], { title: vscode.l10n.t('Slotpipe: Intercept {0}', path), ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked === live) return 'live';
  const proxyTo = await vscode.window.showInputBox({
    title: vscode.l10n.t('Slotpipe: Intercept {0} — rename proxy', path),
    prompt: vscode.l10n.t('The name the real server listens on now'),
    value: `${path}-real`,
    validateInput: (value) => {
      try {
        const endpoint = parseEndpoint(value, 'pipe');
        if (endpoint.kind !== 'pipe') return vscode.l10n.t('a pipe name, like \\\\.\\pipe\\name');
        return endpoint.path.toLowerCase() === path.toLowerCase() ? vscode.l10n.t('the real server needs a name other than {0}', path) : undefined;
      } catch (err) {
        return errorMessage(err);
      }
    },
    ignoreFocusOut: true,
  });
  return proxyTo ? { proxyTo } : undefined;
}
