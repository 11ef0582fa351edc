/** Add Watcher, Start Watcher, Stop Watcher, Stop All Watchers, and the Pipes tree's "watch" action. */
import * as vscode from 'vscode';
import { parseEndpoint, watcherId } from '../../core/endpoint';
import { PLAIN_DECODERS, type WatcherSetting } from '../../core/settings';
import type { WatcherStatus } from '../services';
import { addWatcherSetting } from '../settings-source';
import type { PipeItem } from '../sidebar/pipes-tree';
import type { WatcherItem } from '../sidebar/watchers-tree';
import { watcherStateLabel } from '../watcher-labels';
import type { CommandContext } from './command-context';
import { registerCommand } from './register-command';
import { errorMessage } from '../../core/error-message';

/** A watcher named by a tree item, an id/endpoint string, or picked by the person. */
type WatcherTarget = WatcherItem | string | undefined;

export function registerWatcherCommands(ctx: CommandContext): vscode.Disposable[] {
  const output = ctx.services.output;
  return [
    registerCommand(output, 'slotpipe.addWatcher', (setting?: Partial<WatcherSetting>) => addWatcher(ctx, setting)),
    registerCommand(output, 'slotpipe.startWatcher', async (target?: WatcherTarget) => {
      const id = await resolveTarget(ctx, target, (w) => w.state !== 'listening' && w.state !== 'starting', vscode.l10n.t('Slotpipe: Start which watcher?'));
      if (!id) return undefined;
      await ctx.manager.start(id);
      return ctx.manager.get(id);
    }),
    registerCommand(output, 'slotpipe.stopWatcher', async (target?: WatcherTarget) => {
      const id = await resolveTarget(ctx, target, (w) => w.state === 'listening' || w.state === 'starting', vscode.l10n.t('Slotpipe: Stop which watcher?'));
      if (!id) return undefined;
      await ctx.manager.stop(id);
      return ctx.manager.get(id);
    }),
    registerCommand(output, 'slotpipe.stopAllWatchers', async () => {
      await ctx.manager.stopAll();
      return ctx.manager.list();
    }),
    registerCommand(output, 'slotpipe.watchPipe', (item?: PipeItem | string) => {
      const endpoint = typeof item === 'string' ? item : item?.pipe.path;
      return addWatcher(ctx, endpoint ? { endpoint, autoStart: true } : undefined);
    }),
  ];
}

/** Adds a watcher to the settings and starts it when asked to; prompts for what is not given. */
async function addWatcher(ctx: CommandContext, given?: Partial<WatcherSetting>): Promise<WatcherStatus | undefined> {
  const endpoint = given?.endpoint ?? (await vscode.window.showInputBox({
    title: vscode.l10n.t('Slotpipe: Add Watcher'),
    prompt: vscode.l10n.t('Mailslot or pipe to watch'),
    placeHolder: vscode.l10n.t('{0}  or  {1}', '\\\\.\\mailslot\\name', '\\\\.\\pipe\\name'),
    validateInput: (value) => endpointProblem(value),
    ignoreFocusOut: true,
  }));
  if (!endpoint) return undefined;
  const problem = endpointProblem(endpoint);
  if (problem) throw new Error(problem);

  let decode = given?.decode;
  if (!decode) {
    const picked = await vscode.window.showQuickPick(
      [
        ...PLAIN_DECODERS.map((label) => ({ label })),
        ...ctx.services.structRegistry().names().map((name) => ({ label: `struct:${name}`, description: vscode.l10n.t('C struct') })),
      ],
      { title: vscode.l10n.t('Slotpipe: Add Watcher — decoder'), placeHolder: vscode.l10n.t('How to show the messages (changeable later)'), ignoreFocusOut: true },
    );
    if (!picked) return undefined;
    decode = picked.label;
  }
  const setting: WatcherSetting = { ...given, endpoint: parseEndpoint(endpoint, 'mailslot').path, decode, autoStart: given?.autoStart ?? true };
  await addWatcherSetting(setting);
  // The configuration listener applies it too; waiting here makes the command's result reliable.
  await ctx.services.reload();
  const id = watcherId(setting.endpoint);
  const status = ctx.manager.get(id);
  if (status?.state === 'error') throw new Error(`${setting.endpoint}: ${status.error}`);
  if (status?.blocked) void vscode.window.showWarningMessage(vscode.l10n.t('Slotpipe: {0} was added but not started: {1}', setting.endpoint, status.blocked));
  return status;
}

function endpointProblem(value: string): string | undefined {
  try {
    const endpoint = parseEndpoint(value, 'mailslot');
    if (endpoint.kind === 'pipe' && endpoint.scope !== 'local') return vscode.l10n.t('a pipe can only be watched on this computer; use {0}', `\\\\.\\pipe\\${endpoint.name}`);
    return undefined;
  } catch (err) {
    return errorMessage(err);
  }
}

async function resolveTarget(
  ctx: CommandContext,
  target: WatcherTarget,
  eligible: (status: WatcherStatus) => boolean,
  title: string,
): Promise<string | undefined> {
  if (typeof target === 'string') return watcherId(target);
  if (target) return target.status.id;
  const candidates = ctx.manager.list().filter(eligible);
  if (!candidates.length) {
    void vscode.window.showInformationMessage(
      ctx.manager.list().length ? vscode.l10n.t('Slotpipe: no watcher to act on.') : vscode.l10n.t('Slotpipe: no watchers yet — use "Slotpipe: Add Watcher".'),
    );
    return undefined;
  }
  if (candidates.length === 1) return candidates[0].id;
  const picked = await vscode.window.showQuickPick(
    candidates.map((w) => ({ label: w.endpoint, description: watcherStateLabel(w.state), id: w.id })),
    { title },
  );
  return picked?.id;
}
