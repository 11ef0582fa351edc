/** Open Mailslot Chat: asks for the mailslot and opens a chat terminal on it (NetBIOS options from `slotpipe.chat`). */
import { errorMessage } from '../../core/error-message';
import * as vscode from 'vscode';
import { parseEndpoint } from '../../core/endpoint';
import { ChatTerminal } from '../terminal/chat-terminal';
import { requireTrustToSend } from '../workspace-trust';
import type { CommandContext } from './command-context';
import { registerCommand } from './register-command';

export function registerChatCommands(ctx: CommandContext): vscode.Disposable[] {
  const output = ctx.services.output;
  return [
    registerCommand(output, 'slotpipe.openMailslotChat', async (mailslot?: string) => {
      requireTrustToSend();
      const typed = mailslot ?? (await vscode.window.showInputBox({
        title: vscode.l10n.t('Slotpipe: Open Mailslot Chat'),
        prompt: vscode.l10n.t('The mailslot everyone chats on: \\\\*\\mailslot\\NAME (the domain), \\\\DOMAIN\\mailslot\\NAME, or \\\\.\\mailslot\\NAME (this computer)'),
        value: '\\\\*\\mailslot\\chat',
        valueSelection: [12, 16],
        validateInput: (value) => {
          try {
            return parseEndpoint(value, 'mailslot').kind === 'mailslot' ? undefined : vscode.l10n.t('a mailslot name, like \\\\*\\mailslot\\chat');
          } catch (err) {
            return errorMessage(err);
          }
        },
      }));
      if (!typed) return undefined;
      const endpoint = parseEndpoint(/^[\\/]{2}/.test(typed) ? typed : `\\\\*\\mailslot\\${typed}`, 'mailslot');
      if (endpoint.kind !== 'mailslot') throw new Error(vscode.l10n.t('{0} is a pipe; a chat runs on a mailslot', endpoint.path));
      const chat = ctx.services.settings.settings.chat;
      const pty = new ChatTerminal({ endpoint, to: chat.to, port: chat.port, name: chat.name }, ctx.services.log, output);
      vscode.window.createTerminal({ name: vscode.l10n.t('Chat {0}', endpoint.name), pty, iconPath: new vscode.ThemeIcon('comment-discussion') }).show();
      return pty;
    }),
  ];
}
