/**
 * The `slotpipe.*` settings: their types and the runtime check that names the bad setting
 * (`slotpipe.watchers[1].endpoint: ...`). The JSON schema in package.json guides the editor;
 * this check is what the extension trusts, because settings files can hold anything.
 */
import { DEFAULT_ARCH, isArch, type Arch } from './arch';
import { parseEndpoint, watcherId } from './endpoint';
import {
  describeValue as describe, NETBIOS_WATCH_OPTIONS, optionProblem, WATCHER_OPTION_NAMES, WATCHER_OPTIONS,
  type NetbiosWatchValues, type WatcherOption, type WatcherOptionValues,
} from './watcher-options';
import { parseDecoderChoice } from './decoder-choice';
import { errorMessage } from './error-message';

/** One entry of `slotpipe.watchers`: the endpoint and how to show it, plus the watcher options (core/watcher-options.ts). */
export interface WatcherSetting extends WatcherOptionValues {
  /** Win32 name, e.g. `\\.\mailslot\sms` or `\\.\pipe\ssnp`. */
  endpoint: string;
  /** `auto`, `text`, `utf16`, `ansi`, `hex` (or their aliases such as `utf-16le`) or `struct:NAME`. */
  decode: string;
  /** A C header (from `slotpipe.headers`) whose structs this watcher decodes with. */
  header?: string;
  autoStart: boolean;
  /** Mailslots watched as NetBIOS datagrams (on Windows too, then): UDP port and address to bind. */
  netbios?: NetbiosWatchValues;
}

export interface SlotpipeSettings {
  watchers: WatcherSetting[];
  logCapacity: number;
  /** The most the log holds, in MiB of message bytes. */
  logMaxMegabytes: number;
  headers: string[];
  /** Headers given as `{ "path", "arch" }`: the target their structs are laid out for, by path. */
  headerArchs: Record<string, Arch>;
  /** Folders searched for the headers' `#include "x.h"` after the including file's own. */
  includePath: string[];
  /** The target struct layouts are for, unless a watcher says otherwise. */
  arch: Arch;
  /** Macros defined before the headers, as a compiler's `/D`: `UNICODE`, `NAME=VALUE`. */
  defines: string[];
  /** Empty: no capture file. */
  captureFile: string;
  /** A request waiting longer than this for its reply is flagged in the conversations. */
  unansweredAfterMs: number;
  /** Structs of the user's that announce a server, and their address and port fields. */
  serverAnnouncements: ServerAnnouncementSetting[];
  /** Open Mailslot Chat as NetBIOS datagrams: broadcast address, UDP port, own name. */
  chat: ChatSetting;
}

export interface ServerAnnouncementSetting {
  struct: string;
  address: string | string[];
  port: string;
}

export interface ChatSetting {
  to?: string;
  port?: number;
  name?: string;
}

export const DEFAULT_LOG_CAPACITY = 100_000;
export const MAX_LOG_CAPACITY = 10_000_000;
export const DEFAULT_LOG_MEGABYTES = 1024;
export const MAX_LOG_MEGABYTES = 65_536;
export const DEFAULT_UNANSWERED_AFTER_MS = 2000;
export const MAX_UNANSWERED_AFTER_MS = 3_600_000;
/** The decoders that need no struct, as decode/ names them. */
export const PLAIN_DECODERS = ['auto', 'text', 'utf16', 'ansi', 'hex'] as const;

/** The log's byte limit the settings ask for. */
export function logMaxBytes(settings: SlotpipeSettings): number {
  return settings.logMaxMegabytes * 2 ** 20;
}

/** Settings that passed the check, and one message per problem found (the bad parts are left out). */
export interface SettingsCheck {
  settings: SlotpipeSettings;
  problems: string[];
}

/** Why a decoder choice is not accepted, or undefined when it is. */
export function decoderProblem(value: string): string | undefined {
  try {
    parseDecoderChoice(value);
    return undefined;
  } catch (err) {
    return errorMessage(err);
  }
}

/** Checks raw values as read from the configuration (undefined = not set). */
export function checkSettings(raw: {
  watchers?: unknown;
  logCapacity?: unknown;
  logMaxMegabytes?: unknown;
  headers?: unknown;
  includePath?: unknown;
  arch?: unknown;
  defines?: unknown;
  captureFile?: unknown;
  unansweredAfterMs?: unknown;
  serverAnnouncements?: unknown;
  chat?: unknown;
}): SettingsCheck {
  const problems: string[] = [];
  const watchers = checkWatchers(raw.watchers, 'slotpipe.watchers', problems);
  return {
    settings: {
      watchers,
      logCapacity: checkLogCapacity(raw.logCapacity, problems),
      logMaxMegabytes: checkLogMegabytes(raw.logMaxMegabytes, problems),
      ...checkHeaders(raw.headers, problems),
      includePath: checkPaths(raw.includePath, 'slotpipe.includePath', 'folder', problems),
      arch: checkArch(raw.arch, problems),
      defines: checkDefines(raw.defines, problems),
      captureFile: checkCaptureFile(raw.captureFile, problems),
      unansweredAfterMs: checkUnansweredAfter(raw.unansweredAfterMs, problems),
      serverAnnouncements: checkServerAnnouncements(raw.serverAnnouncements, problems),
      chat: checkChat(raw.chat, problems),
    },
    problems,
  };
}

/** Checks one `slotpipe.watchers` list; `where` names it in messages. Bad entries are skipped. */
export function checkWatchers(value: unknown, where: string, problems: string[]): WatcherSetting[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(`${where}: expected an array of watchers, found ${describe(value)}`);
    return [];
  }
  const out: WatcherSetting[] = [];
  const seen = new Map<string, number>();
  value.forEach((entry, index) => {
    const at = `${where}[${index}]`;
    const before = problems.length;
    const watcher = checkWatcher(entry, at, problems);
    if (!watcher || problems.length > before) return;
    const key = watcherId(watcher.endpoint);
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(`${at}.endpoint: ${watcher.endpoint} is already watched by ${where}[${first}]`);
      return;
    }
    seen.set(key, index);
    out.push(watcher);
  });
  return out;
}

const WATCHER_KEYS = new Set(['endpoint', 'decode', 'header', 'autoStart', ...WATCHER_OPTION_NAMES, 'netbios']);

function checkWatcher(entry: unknown, at: string, problems: string[]): WatcherSetting | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    problems.push(`${at}: expected an object like {"endpoint": "\\\\.\\mailslot\\name"}, found ${describe(entry)}`);
    return undefined;
  }
  const record = entry as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!WATCHER_KEYS.has(key)) problems.push(`${propertyPath(at, key)}: unknown property (known: ${[...WATCHER_KEYS].join(', ')})`);
  }
  const endpoint = record.endpoint;
  if (typeof endpoint !== 'string') {
    problems.push(`${at}.endpoint: required, a name like \\\\.\\mailslot\\name or \\\\.\\pipe\\name`);
    return undefined;
  }
  try {
    const parsed = parseEndpoint(endpoint);
    if (parsed.scope !== 'local' && parsed.kind === 'pipe') {
      problems.push(`${at}.endpoint: a pipe can only be watched on this computer; use \\\\.\\pipe\\${parsed.name}`);
    }
  } catch (err) {
    problems.push(`${at}.endpoint: ${errorMessage(err)}`);
  }
  const watcher: WatcherSetting = { endpoint, decode: 'auto', autoStart: false };
  if (record.decode !== undefined) {
    const problem = typeof record.decode === 'string' ? decoderProblem(record.decode) : `expected a decoder name, found ${describe(record.decode)}`;
    if (problem) problems.push(`${at}.decode: ${problem}`);
    else watcher.decode = record.decode as string;
  }
  if (record.header !== undefined) {
    if (typeof record.header === 'string' && record.header.trim() !== '') watcher.header = record.header;
    else problems.push(`${at}.header: expected the path of a C header file, found ${describe(record.header)}`);
  }
  if (record.autoStart !== undefined) {
    if (typeof record.autoStart === 'boolean') watcher.autoStart = record.autoStart;
    else problems.push(`${at}.autoStart: expected true or false, found ${describe(record.autoStart)}`);
  }
  Object.assign(watcher, checkOptions(WATCHER_OPTIONS, record, at, problems) as WatcherOptionValues);
  if (watcher.intercept && watcher.proxyTo !== undefined) {
    problems.push(`${at}.intercept: a watcher either intercepts the server of its own name or proxies to "proxyTo", not both`);
  }
  if (record.netbios !== undefined) watcher.netbios = checkNetbios(record.netbios, `${at}.netbios`, problems);
  for (const key of Object.keys(watcher) as (keyof WatcherSetting)[]) if (watcher[key] === undefined) delete watcher[key];
  return watcher;
}

function checkNetbios(value: unknown, at: string, problems: string[]): WatcherSetting['netbios'] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${at}: expected an object like {"port": 138, "bind": "0.0.0.0"}, found ${describe(value)}`);
    return undefined;
  }
  const record = value as Record<string, unknown>;
  const known = Object.keys(NETBIOS_WATCH_OPTIONS);
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) problems.push(`${propertyPath(at, key)}: unknown property (known: ${known.join(', ')})`);
  }
  return checkOptions(NETBIOS_WATCH_OPTIONS, record, at, problems) as NetbiosWatchValues;
}

/** The options of `table` that `record` sets, checked; each bad one is a problem and left out. */
function checkOptions(table: Record<string, WatcherOption>, record: Record<string, unknown>, at: string, problems: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(table)) {
    const value = record[name];
    if (value === undefined) continue;
    const problem = optionProblem(option, value);
    if (problem) problems.push(`${at}.${name}: ${problem}`);
    else out[name] = value;
  }
  return out;
}

function checkLogCapacity(value: unknown, problems: string[]): number {
  if (value === undefined || value === null) return DEFAULT_LOG_CAPACITY;
  return integerIn(value, 'slotpipe.logCapacity', 1, MAX_LOG_CAPACITY, problems) ?? DEFAULT_LOG_CAPACITY;
}

function checkLogMegabytes(value: unknown, problems: string[]): number {
  if (value === undefined || value === null) return DEFAULT_LOG_MEGABYTES;
  return integerIn(value, 'slotpipe.logMaxMegabytes', 1, MAX_LOG_MEGABYTES, problems) ?? DEFAULT_LOG_MEGABYTES;
}

function checkUnansweredAfter(value: unknown, problems: string[]): number {
  if (value === undefined || value === null) return DEFAULT_UNANSWERED_AFTER_MS;
  return integerIn(value, 'slotpipe.unansweredAfterMs', 1, MAX_UNANSWERED_AFTER_MS, problems) ?? DEFAULT_UNANSWERED_AFTER_MS;
}

function checkPaths(value: unknown, at: string, what: string, problems: string[]): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(`${at}: expected an array of ${what} paths, found ${describe(value)}`);
    return [];
  }
  const out: string[] = [];
  value.forEach((entry, index) => {
    if (typeof entry === 'string' && entry.trim() !== '') out.push(entry);
    else problems.push(`${at}[${index}]: expected the path of a ${what}, found ${describe(entry)}`);
  });
  return out;
}

function checkDefines(value: unknown, problems: string[]): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(`slotpipe.defines: expected an array of macros such as "UNICODE" or "VERSION=3", found ${describe(value)}`);
    return [];
  }
  return value.filter((entry, index) => {
    const ok = typeof entry === 'string' && /^[A-Za-z_][A-Za-z0-9_]*(=-?(0[xX][0-9A-Fa-f]+|\d+))?$/.test(entry);
    if (!ok) problems.push(`slotpipe.defines[${index}]: expected NAME or NAME=integer, found ${describe(entry)}`);
    return ok;
  });
}

function checkArch(value: unknown, problems: string[]): Arch {
  if (value === undefined || value === null || isArch(value)) return value ?? DEFAULT_ARCH;
  problems.push(`slotpipe.arch: expected "x64", "x86" or "arm64", found ${describe(value)}`);
  return DEFAULT_ARCH;
}

/** `slotpipe.headers`: paths, or `{ "path": "old.h", "arch": "x86" }` for a header of a program built for another target. */
function checkHeaders(value: unknown, problems: string[]): { headers: string[]; headerArchs: Record<string, Arch> } {
  const headerArchs: Record<string, Arch> = {};
  if (!Array.isArray(value)) return { headers: checkPaths(value, 'slotpipe.headers', 'C header file', problems), headerArchs };
  const headers: string[] = [];
  value.forEach((entry, index) => {
    const at = `slotpipe.headers[${index}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      if (typeof entry === 'string' && entry.trim() !== '') headers.push(entry);
      else problems.push(`${at}: expected the path of a C header file, found ${describe(entry)}`);
      return;
    }
    const { path, arch, ...rest } = entry as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length) problems.push(`${at}: unknown property ${JSON.stringify(unknown[0])} (a header entry has "path" and "arch")`);
    if (typeof path !== 'string' || path.trim() === '') {
      problems.push(`${at}: expected "path", the header file, found ${describe(path)}`);
      return;
    }
    headers.push(path);
    if (arch === undefined) return;
    if (isArch(arch)) headerArchs[path] = arch;
    else problems.push(`${at}: "arch" is ${describe(arch)}; expected "x64", "x86" or "arm64"`);
  });
  return { headers, headerArchs };
}

function checkCaptureFile(value: unknown, problems: string[]): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  problems.push(`slotpipe.captureFile: expected a file path (or "" for none), found ${describe(value)}`);
  return '';
}

const C_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkServerAnnouncements(value: unknown, problems: string[]): ServerAnnouncementSetting[] {
  const where = 'slotpipe.serverAnnouncements';
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(`${where}: expected an array like [{"struct": "SERVER_HELLO", "address": "host", "port": "port"}], found ${describe(value)}`);
    return [];
  }
  const out: ServerAnnouncementSetting[] = [];
  value.forEach((entry, index) => {
    const at = `${where}[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${at}: expected an object like {"struct": "SERVER_HELLO", "address": "host", "port": "port"}, found ${describe(entry)}`);
      return;
    }
    const record = entry as Record<string, unknown>;
    const before = problems.length;
    for (const key of Object.keys(record)) {
      if (!['struct', 'address', 'port'].includes(key)) problems.push(`${propertyPath(at, key)}: unknown property (known: struct, address, port)`);
    }
    if (typeof record.struct !== 'string' || !C_NAME.test(record.struct)) problems.push(`${at}.struct: expected a struct name, found ${describe(record.struct)}`);
    const addresses = typeof record.address === 'string' ? [record.address] : record.address;
    if (!Array.isArray(addresses) || !addresses.length || !addresses.every((a) => typeof a === 'string' && C_NAME.test(a))) {
      problems.push(`${at}.address: expected a field name or a list of them, found ${describe(record.address)}`);
    }
    if (typeof record.port !== 'string' || !C_NAME.test(record.port)) problems.push(`${at}.port: expected a field name, found ${describe(record.port)}`);
    if (problems.length === before) out.push({ struct: record.struct as string, address: record.address as string | string[], port: record.port as string });
  });
  return out;
}

function checkChat(value: unknown, problems: string[]): ChatSetting {
  const where = 'slotpipe.chat';
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${where}: expected an object like {"to": "10.0.0.255", "port": 138, "name": "ME"}, found ${describe(value)}`);
    return {};
  }
  const record = value as Record<string, unknown>;
  const chat: ChatSetting = {};
  for (const key of Object.keys(record)) {
    if (!['to', 'port', 'name'].includes(key)) problems.push(`${propertyPath(where, key)}: unknown property (known: to, port, name)`);
  }
  if (record.to !== undefined) {
    if (typeof record.to === 'string' && /^\d{1,3}(\.\d{1,3}){3}$/.test(record.to)) chat.to = record.to;
    else problems.push(`${where}.to: expected an IPv4 address, found ${describe(record.to)}`);
  }
  if (record.port !== undefined) chat.port = integerIn(record.port, `${where}.port`, 1, 65535, problems);
  if (record.name !== undefined) {
    if (typeof record.name === 'string' && /^[^\\/:*?"<>|]{1,15}$/.test(record.name)) chat.name = record.name;
    else problems.push(`${where}.name: expected a NetBIOS name of 1 to 15 characters, found ${describe(record.name)}`);
  }
  if (chat.port === undefined) delete chat.port;
  return chat;
}

function integerIn(value: unknown, at: string, min: number, max: number, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  problems.push(`${at}: expected a whole number from ${min} to ${max}, found ${describe(value)}`);
  return undefined;
}

/** `at.key`, or `at["odd key"]` when the key is no plain name (empty, spaces, dots). */
function propertyPath(at: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`;
}
