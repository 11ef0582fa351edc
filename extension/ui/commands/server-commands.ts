/**
 * The Discovered servers' actions: Connect (a terminal over TCP), Ping (a probe every N seconds with its
 * round-trip time), Copy address, and Clear Discovered Servers.
 */
import * as vscode from 'vscode';
import { parseTcpAddress, type TcpAddress } from '../../core/tcp-address';
import { connectTcp } from '../../net/tcp-client';
import type { ServerItem } from '../sidebar/servers-tree';
import { ClientTerminal, type ClientTarget, type PingOptions } from '../terminal/client-terminal';
import { requireTrustToSend } from '../workspace-trust';
import type { CommandContext } from './command-context';
import { registerCommand } from './register-command';
import { errorMessage } from '../../core/error-message';

/** A server as the commands get it: a tree item, or `host:port` / `tcp://host:port` from the palette or a test. */
type ServerTarget = ServerItem | string | undefined;

export function registerServerCommands(ctx: CommandContext): vscode.Disposable[] {
  const output = ctx.services.output;
  return [
    registerCommand(output, 'slotpipe.connectServer', async (target: ServerTarget) => {
      requireTrustToSend();
      const address = await serverAddress(ctx, target, vscode.l10n.t('Slotpipe: Connect to Server'));
      return address && openTerminal(ctx, address);
    }),
    registerCommand(output, 'slotpipe.pingServer', async (target: ServerTarget, probe?: string, seconds?: number) => {
      requireTrustToSend();
      const address = await serverAddress(ctx, target, vscode.l10n.t('Slotpipe: Ping Server'));
      if (!address) return undefined;
      const ping = await pingOptions(probe, seconds);
      return ping && openTerminal(ctx, address, ping);
    }),
    registerCommand(output, 'slotpipe.copyServerAddress', async (target: ServerTarget) => {
      const address = await serverAddress(ctx, target, vscode.l10n.t('Slotpipe: Copy Server Address'));
      if (!address) return undefined;
      const text = `${address.host}:${address.port}`;
      await vscode.env.clipboard.writeText(text);
      return text;
    }),
    registerCommand(output, 'slotpipe.clearServers', () => ctx.servers.clear()),
  ];
}

function openTerminal(ctx: CommandContext, address: TcpAddress, ping?: PingOptions): ClientTerminal {
  const target: ClientTarget = {
    path: address.url,
    title: vscode.l10n.t('Slotpipe TCP client — {0}', address.url),
    connect: (sink) => connectTcp(address, {}, sink),
    endedLabel: vscode.l10n.t('Connection closed'),
    describe: () => vscode.l10n.t('(TCP)'),
  };
  const pty = new ClientTerminal(target, ctx.services.log, ctx.services.output, () => ctx.services.structRegistry(), ctx.services.conversations, ping);
  const name = ping ? vscode.l10n.t('Ping {0}', `${address.host}:${address.port}`) : vscode.l10n.t('TCP {0}', `${address.host}:${address.port}`);
  vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon(ping ? 'pulse' : 'plug') }).show();
  return pty;
}

async function serverAddress(ctx: CommandContext, target: ServerTarget, title: string): Promise<TcpAddress | undefined> {
  if (typeof target === 'string') return parseTcpAddress(target, true);
  if (target?.server) return parseTcpAddress(target.server.address, true);
  const typed = vscode.l10n.t('Type an address…');
  const servers = ctx.servers.list();
  let picked: string | undefined = typed;
  if (servers.length) {
    const choice = await vscode.window.showQuickPick(
      [...servers.map((s) => ({ label: s.address, description: s.liveness === 'live' ? s.struct : `${s.liveness} · ${s.struct}` })), { label: typed }],
      { title },
    );
    picked = choice?.label;
  }
  if (picked === typed) {
    picked = await vscode.window.showInputBox({
      title,
      prompt: vscode.l10n.t('Address of the server, HOST:PORT'),
      validateInput: (value) => {
        try {
          parseTcpAddress(value, true);
          return undefined;
        } catch (err) {
          return errorMessage(err);
        }
      },
    });
  }
  return picked ? parseTcpAddress(picked, true) : undefined;
}

async function pingOptions(probe?: string, seconds?: number): Promise<PingOptions | undefined> {
  probe ??= await vscode.window.showInputBox({ title: vscode.l10n.t('Slotpipe: Ping Server'), prompt: vscode.l10n.t('The probe to send (text)'), value: 'ping' });
  if (probe === undefined) return undefined;
  if (seconds === undefined) {
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Slotpipe: Ping Server'),
      prompt: vscode.l10n.t('Every how many seconds'),
      value: '1',
      validateInput: (value) => (Number(value) >= 0.1 && Number(value) <= 3600 ? undefined : vscode.l10n.t('a number of seconds from 0.1 to 3600')),
    });
    if (typed === undefined) return undefined;
    seconds = Number(typed);
  }
  if (!(seconds >= 0.1 && seconds <= 3600)) throw new Error(vscode.l10n.t('ping every 0.1 to 3600 seconds, not {0}', String(seconds)));
  return { probe: new TextEncoder().encode(probe), seconds };
}
