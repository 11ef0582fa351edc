/** Export Capture and Open Capture File. */
import * as vscode from 'vscode';
import { exportCapture, formatForPath, type ExportFormat } from '../../capture/capture-export';
import { readCaptureFile } from '../../capture/capture-import';
import type { LoadedMessage } from '../../capture/capture-record';
import type { CommandContext } from './command-context';
import { registerCommand } from './register-command';

export function registerCaptureCommands(ctx: CommandContext): vscode.Disposable[] {
  const output = ctx.services.output;
  return [
    registerCommand(output, 'slotpipe.exportCapture', (target?: vscode.Uri, format?: ExportFormat) => exportToFile(ctx, target, format)),
    registerCommand(output, 'slotpipe.openCaptureFile', (source?: vscode.Uri) => openCapture(ctx, source)),
  ];
}

async function exportToFile(ctx: CommandContext, target?: vscode.Uri, format?: ExportFormat) {
  const log = ctx.services.log;
  const stats = log.stats();
  if (!stats.count) throw new Error(vscode.l10n.t('there is no traffic to export'));
  const uri = target ?? (await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Slotpipe: Export Capture'),
    defaultUri: defaultExportUri(),
    filters: { [vscode.l10n.t('JSON Lines')]: ['jsonl'], [vscode.l10n.t('pcapng (network traffic only)')]: ['pcapng'] },
  }));
  if (!uri) return undefined;
  const chosen = format ?? formatForPath(uri.fsPath);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Slotpipe: exporting {0} messages', stats.count) },
    () => exportCapture(log.range(stats.firstSeq, stats.count), uri.fsPath, chosen, ctx.describe),
  );
  const skipped = result.skipped ? ` (${result.skipped} not from the network left out)` : '';
  ctx.services.output.info(`exported ${result.written} messages to ${uri.fsPath}${skipped}`);
  if (!target) {
    const open = vscode.l10n.t('Open');
    const done = result.skipped
      ? vscode.l10n.t('Slotpipe: exported {0} messages ({1} not from the network left out).', result.written, result.skipped)
      : vscode.l10n.t('Slotpipe: exported {0} messages.', result.written);
    void vscode.window.showInformationMessage(done, open).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand('vscode.open', uri);
    });
  }
  return { uri, format: chosen, ...result };
}

async function openCapture(ctx: CommandContext, source?: vscode.Uri) {
  const uri = source ?? (await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Slotpipe: Open Capture File'),
    canSelectMany: false,
    filters: { [vscode.l10n.t('Captures')]: ['jsonl', 'pcapng', 'pcap'], [vscode.l10n.t('All files')]: ['*'] },
  }))?.[0];
  if (!uri) return undefined;
  const ports = ctx.manager.list().flatMap((w) => ctx.manager.setting(w.id)?.netbios?.port ?? []);
  const loaded = await readCaptureFile(uri.fsPath, ports.length ? [138, ...ports] : undefined);
  appendInOrder(ctx, loaded.messages);
  ctx.services.output.info(`loaded ${loaded.messages.length} messages (${loaded.format}) from ${uri.fsPath}`);
  for (const problem of loaded.problems) ctx.services.output.warn(`${uri.fsPath}: ${problem}`);
  ctx.panel.show();
  return { count: loaded.messages.length, format: loaded.format, problems: loaded.problems, stats: ctx.services.log.stats() };
}

/** Appends runs of messages from one watcher as one batch each, keeping the file's order. */
function appendInOrder(ctx: CommandContext, messages: readonly LoadedMessage[]): void {
  let start = 0;
  for (let i = 1; i <= messages.length; i++) {
    const first = messages[start];
    if (i < messages.length && messages[i].watcherId === first.watcherId && messages[i].endpoint === first.endpoint) continue;
    ctx.services.log.append(first.watcherId, first.endpoint, messages.slice(start, i).map((m) => m.raw));
    start = i;
  }
}

function defaultExportUri(): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const name = `slotpipe-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`;
  return folder ? vscode.Uri.joinPath(folder.uri, name) : undefined;
}
