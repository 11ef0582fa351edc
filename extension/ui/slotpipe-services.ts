/**
 * The one SlotpipeServices instance: the TrafficLog, the watcher manager's view of watchers,
 * the struct headers from `slotpipe.headers` (read asynchronously from the workspace), and the
 * settings problems. Settings changes apply live from here.
 */
import * as vscode from 'vscode';
import type { TrafficLog } from '../core/traffic-log';
import type { Conversations } from '../core/conversations';
import type { WatcherManager } from '../watchers/watcher-manager';
import { decoderProblem, logMaxBytes } from '../core/settings';
import { StructRegistry } from '../decode/index';
import { parseHeadersOffThread } from '../header-thread/parse-headers';
import type { SlotpipeServices } from './services';
import type { Arch } from '../core/arch';
import { EMPTY_HEADER_SET, type HeaderSet } from '../core/header-set';
import { readSettings, SECTION, updateWatcherSetting, type ReadSettings } from './settings-source';
import { errorMessage } from '../core/error-message';

export class SlotpipeServicesHost implements SlotpipeServices, vscode.Disposable {
  private readonly watchersChanged = new vscode.EventEmitter<void>();
  private readonly headersChanged = new vscode.EventEmitter<void>();
  private readonly settingsChanged = new vscode.EventEmitter<ReadSettings>();
  readonly onDidChangeWatchers = this.watchersChanged.event;
  readonly onDidChangeHeaders = this.headersChanged.event;
  /** After every (re)read of the settings, once they are applied. */
  readonly onDidApplySettings = this.settingsChanged.event;
  private headers: HeaderSet = EMPTY_HEADER_SET;
  /** The header files last parsed (names and bytes) and how, so an unchanged set is not parsed again. */
  private headerFiles: { fileName: string; arch?: Arch; bytes: Uint8Array }[] = [];
  private headerLayout = '';
  private registry = StructRegistry.withBuiltins();
  private current: ReadSettings;
  private shownProblems = '';
  private readonly disposables: vscode.Disposable[] = [];
  private applying: Promise<void> = Promise.resolve();

  constructor(
    readonly log: TrafficLog,
    readonly conversations: Conversations,
    readonly manager: WatcherManager,
    readonly output: vscode.LogOutputChannel,
  ) {
    this.current = readSettings();
    const unsubscribe = manager.onDidChange(() => this.watchersChanged.fire());
    this.disposables.push(
      { dispose: unsubscribe },
      this.watchersChanged,
      this.headersChanged,
      this.settingsChanged,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) void this.reload();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reload()),
    );
  }

  /** Reads the settings again and applies them: watchers, log capacity, headers. Resolves when done. */
  reload(): Promise<void> {
    this.applying = this.applying.then(async () => {
      this.current = readSettings();
      this.reportProblems(this.current.problems);
      const { logCapacity, logMaxMegabytes } = this.current.settings;
      const maxBytes = logMaxBytes(this.current.settings);
      if (logCapacity !== this.log.capacity || maxBytes !== this.log.stats().maxBytes) {
        this.log.resize(logCapacity, maxBytes);
        this.output.info(`the log now holds up to ${logCapacity} messages and ${logMaxMegabytes} MiB`);
      }
      await this.manager.apply(this.current.watchers, vscode.workspace.isTrusted);
      await this.loadHeaders();
      this.settingsChanged.fire(this.current);
    });
    return this.applying;
  }

  get settings(): ReadSettings {
    return this.current;
  }

  unansweredAfterMs(): number {
    return this.current.settings.unansweredAfterMs;
  }

  watchers() {
    return this.manager.list();
  }

  structHeaders(): HeaderSet {
    return this.headers;
  }

  watcherArch(watcherId: string): Arch {
    return this.manager.setting(watcherId)?.arch ?? this.current.settings.arch;
  }

  /** The built-in structs plus those of `slotpipe.headers` (headers that do not parse are reported and left out). */
  structRegistry(): StructRegistry {
    return this.registry;
  }

  settingsProblems(): string[] {
    return [...this.current.problems];
  }

  async setWatcherDecoder(watcherId: string, decode: string): Promise<void> {
    const problem = decoderProblem(decode);
    if (problem) throw new Error(problem);
    const setting = this.manager.setting(watcherId);
    if (!setting) throw new Error(vscode.l10n.t('no watcher {0}', watcherId));
    await updateWatcherSetting(watcherId, setting.origin, { decode });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private reportProblems(problems: string[]): void {
    const key = problems.join('\n');
    if (key === this.shownProblems) return;
    this.shownProblems = key;
    for (const problem of problems) this.output.warn(`settings: ${problem}`);
    if (problems.length) {
      const warning = problems.length > 1
        ? vscode.l10n.t('Slotpipe: {0} (and {1} more; see the Slotpipe output)', problems[0], problems.length - 1)
        : vscode.l10n.t('Slotpipe: {0}', problems[0]);
      const openSettings = vscode.l10n.t('Open Settings');
      void vscode.window.showWarningMessage(warning, openSettings).then((choice) => {
        if (choice === openSettings) void vscode.commands.executeCommand('workbench.action.openSettings', 'slotpipe');
      });
    }
  }

  /**
   * Reads each configured header file (relative paths from the first workspace folder) and parses
   * them on a worker thread within its time and memory budget. Headers that do not parse are
   * reported and left out; the panel is sent only those that did.
   */
  private async loadHeaders(): Promise<void> {
    const read: { fileName: string; path: string; arch?: Arch; bytes: Uint8Array }[] = [];
    for (const file of this.current.settings.headers) {
      const uri = resolveWorkspacePath(file);
      try {
        read.push({ fileName: file, path: uri.fsPath, arch: this.current.settings.headerArchs[file], bytes: await vscode.workspace.fs.readFile(uri) });
      } catch (err) {
        this.output.warn(`slotpipe.headers: cannot read ${file}: ${errorMessage(err)}`);
      }
    }
    const layout = { includePath: this.current.settings.includePath.map((dir) => resolveWorkspacePath(dir).fsPath), arch: this.current.settings.arch, defines: this.current.settings.defines };
    const same = JSON.stringify(layout) === this.headerLayout && read.length === this.headerFiles.length && read.every((h, i) => h.fileName === this.headerFiles[i].fileName && h.arch === this.headerFiles[i].arch && Buffer.from(h.bytes).equals(this.headerFiles[i].bytes));
    if (same) return;
    this.headerFiles = read;
    this.headerLayout = JSON.stringify(layout);
    try {
      const parsed = await parseHeadersOffThread(read, undefined, undefined, layout);
      const problems = parsed.outcomes.flatMap((o) => (o.problem !== undefined ? [o.problem] : []));
      for (const problem of problems) this.output.warn(`slotpipe.headers: ${problem}`);
      if (problems.length) void vscode.window.showWarningMessage(vscode.l10n.t('Slotpipe: a header was left out: {0}', problems[0]));
      const files = new Map(read.map((h) => [h.fileName, h]));
      this.headers = {
        headers: parsed.outcomes.flatMap((o) => (o.source !== undefined ? [{ fileName: o.fileName, path: files.get(o.fileName)?.path, arch: files.get(o.fileName)?.arch, source: o.source }] : [])),
        included: parsed.included,
        includePath: layout.includePath,
        defines: layout.defines,
      };
      this.registry = parsed.registry;
    } catch (err) {
      this.output.error(`slotpipe.headers: the headers could not be parsed: ${errorMessage(err)}`);
      this.headers = EMPTY_HEADER_SET;
      this.registry = StructRegistry.withBuiltins(layout.arch);
    }
    this.headersChanged.fire();
  }
}

/** A settings path: absolute, `~`-free, or relative to the first workspace folder. */
export function resolveWorkspacePath(file: string): vscode.Uri {
  if (/^([a-zA-Z]:[\\/]|[\\/])/.test(file)) return vscode.Uri.file(file);
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, file) : vscode.Uri.file(file);
}
