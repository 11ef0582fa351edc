/**
 * Reads the `slotpipe.*` settings from VS Code, checks them (problems name the bad setting and go
 * to the log and, once per distinct set, to a warning), and writes the few things commands change.
 * Watchers from user and workspace settings are combined; each remembers where it came from so
 * Workspace Trust can hold back the workspace ones.
 */
import * as vscode from 'vscode';
import { checkSettings, checkWatchers, type SlotpipeSettings, type WatcherSetting } from '../core/settings';
import { parseEndpoint, watcherId } from '../core/endpoint';
import type { ConfiguredWatcher } from '../watchers/watcher-manager';

export const SECTION = 'slotpipe';

export interface ReadSettings {
  settings: SlotpipeSettings;
  watchers: ConfiguredWatcher[];
  problems: string[];
}

export function readSettings(): ReadSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const inspected = config.inspect<unknown>('watchers');
  const checked = checkSettings({
    watchers: undefined,
    logCapacity: config.get('logCapacity'),
    logMaxMegabytes: config.get('logMaxMegabytes'),
    headers: config.get('headers'),
    includePath: config.get('includePath'),
    arch: config.get('arch'),
    defines: config.get('defines'),
    captureFile: config.get('captureFile'),
    unansweredAfterMs: config.get('unansweredAfterMs'),
    // Workspace values of these are ignored in an untrusted workspace (restrictedConfigurations): VS Code hands back the user's.
    serverAnnouncements: config.get('serverAnnouncements'),
    chat: config.get('chat'),
  });
  const problems = [...checked.problems];
  const user = checkWatchers(inspected?.globalValue, 'slotpipe.watchers (user settings)', problems);
  const workspace = [
    ...checkWatchers(inspected?.workspaceValue, 'slotpipe.watchers (workspace settings)', problems),
    ...checkWatchers(inspected?.workspaceFolderValue, 'slotpipe.watchers (folder settings)', problems),
  ];
  const byId = new Map<string, ConfiguredWatcher>();
  for (const setting of user) byId.set(watcherId(setting.endpoint), { setting, origin: 'user' });
  for (const setting of workspace) byId.set(watcherId(setting.endpoint), { setting, origin: 'workspace' });
  const watchers = [...byId.values()];
  return { settings: { ...checked.settings, watchers: watchers.map((w) => w.setting) }, watchers, problems };
}

/** Where new watchers go: the workspace when a trusted folder is open, else the user settings. */
function targetFor(): vscode.ConfigurationTarget {
  return vscode.workspace.workspaceFolders?.length && vscode.workspace.isTrusted
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
}

function listAt(target: vscode.ConfigurationTarget): unknown[] {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown>('watchers');
  const value = target === vscode.ConfigurationTarget.Global ? inspected?.globalValue : inspected?.workspaceValue;
  return Array.isArray(value) ? [...value] : [];
}

/** Adds a watcher to the settings (or replaces the one with the same endpoint). */
export async function addWatcherSetting(setting: WatcherSetting): Promise<void> {
  const target = targetFor();
  const key = watcherId(setting.endpoint);
  const list = listAt(target).filter((entry) => !sameEndpoint(entry, key));
  list.push(setting);
  await vscode.workspace.getConfiguration(SECTION).update('watchers', list, target);
}

/** Changes one field of a configured watcher where it is configured. */
export async function updateWatcherSetting(id: string, origin: 'user' | 'workspace', change: Partial<WatcherSetting>): Promise<void> {
  const target = origin === 'user' ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace;
  const list = listAt(target);
  const index = list.findIndex((entry) => sameEndpoint(entry, id));
  if (index < 0) throw new Error(origin === 'user' ? vscode.l10n.t('{0} is not in the user settings', id) : vscode.l10n.t('{0} is not in the workspace settings', id));
  list[index] = { ...(list[index] as object), ...change };
  await vscode.workspace.getConfiguration(SECTION).update('watchers', list, target);
}

function sameEndpoint(entry: unknown, key: string): boolean {
  if (typeof entry !== 'object' || entry === null) return false;
  const endpoint = (entry as { endpoint?: unknown }).endpoint;
  if (typeof endpoint !== 'string') return false;
  try {
    return watcherId(endpoint) === key;
  } catch {
    return false;
  }
}
