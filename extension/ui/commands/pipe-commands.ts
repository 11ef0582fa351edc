/** List Pipes, Open Pipe Client, and the Pipes tree's refresh and "connect" actions. */
import * as vscode from 'vscode';
import { parseEndpoint } from '../../core/endpoint';
import type { PipeItem } from '../sidebar/pipes-tree';
import { connectPipe } from '../../backends';
import type { Endpoint } from '../../core/endpoint';
import { ClientTerminal, type ClientTarget } from '../terminal/client-terminal';
import { requireTrustToSend } from '../workspace-trust';
import type { CommandContext } from './command-context';
import { registerCommand } from './register-command';
import { errorMessage } from '../../core/error-message';

export function registerPipeCommands(ctx: CommandContext): vscode.Disposable[] {
  const output = ctx.services.output;
  return [
    registerCommand(output, 'slotpipe.listPipes', async () => {
      const pipes = await ctx.pipesTree.refresh();
      void vscode.commands.executeCommand('slotpipe.pipes.focus');
      const picked = await pickPipe(pipes.map((p) => p.path));
      if (!picked) return pipes;
      const connect = vscode.l10n.t('Connect (Open Pipe Client)');
      const watch = vscode.l10n.t('Watch');
      const intercept = vscode.l10n.t('Intercept…');
      const copy = vscode.l10n.t('Copy name');
      const action = await vscode.window.showQuickPick([connect, intercept, watch, copy], { title: picked });
      if (action === connect) await vscode.commands.executeCommand('slotpipe.openPipeClient', picked);
      else if (action === intercept) await vscode.commands.executeCommand('slotpipe.interceptPipe', picked);
      else if (action === watch) await vscode.commands.executeCommand('slotpipe.watchPipe', picked);
      else if (action === copy) await vscode.env.clipboard.writeText(picked);
      return pipes;
    }),
    registerCommand(output, 'slotpipe.refreshPipes', () => ctx.pipesTree.refresh()),
    registerCommand(output, 'slotpipe.openPipeClient', async (target?: PipeItem | string) => {
      requireTrustToSend();
      const name = typeof target === 'string' ? target : target?.pipe.path ?? (await askPipeName(ctx));
      if (!name) return undefined;
      const endpoint = parseEndpoint(name, 'pipe');
      if (endpoint.kind !== 'pipe') throw new Error(vscode.l10n.t('{0} is a mailslot; a pipe client needs a pipe (\\\\.\\pipe\\name)', endpoint.path));
      const pty = new ClientTerminal(pipeTarget(endpoint), ctx.services.log, output, () => ctx.services.structRegistry(), ctx.services.conversations);
      const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('Pipe {0}', endpoint.name), pty, iconPath: new vscode.ThemeIcon('plug') });
      terminal.show();
      await ctx.recent.remember(endpoint.path);
      return pty;
    }),
  ];
}

function pipeTarget(endpoint: Endpoint): ClientTarget {
  return {
    path: endpoint.path,
    title: vscode.l10n.t('Slotpipe pipe client — {0}', endpoint.path),
    connect: (sink) => connectPipe(endpoint, {}, sink),
    endedLabel: vscode.l10n.t('Broken pipe'),
    newlineByDefault: (client) => !client.messageMode,
    describe: (client) => (client.messageMode ? vscode.l10n.t('(message mode)') : vscode.l10n.t('(byte mode)')),
  };
}

async function pickPipe(paths: string[]): Promise<string | undefined> {
  if (!paths.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Slotpipe: no pipes found on this machine.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(paths, { title: vscode.l10n.t('Slotpipe: {0} pipes on this machine', paths.length), matchOnDescription: true });
  return picked;
}

async function askPipeName(ctx: CommandContext): Promise<string | undefined> {
  const recentPipes = ctx.recent.list().filter((e) => /\\pipe\\/i.test(e));
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Slotpipe: Open Pipe Client'),
    prompt: vscode.l10n.t('Pipe to connect to'),
    value: recentPipes[0] ?? '\\\\.\\pipe\\',
    valueSelection: recentPipes[0] ? undefined : [9, 9],
    validateInput: (value) => {
      try {
        const endpoint = parseEndpoint(value, 'pipe');
        return endpoint.kind === 'pipe' ? undefined : vscode.l10n.t('a pipe name, like \\\\.\\pipe\\name');
      } catch (err) {
        return errorMessage(err);
      }
    },
    ignoreFocusOut: true,
  });
}
