/**
 * The watcher options, once: name, type, default, limits, help text and the endpoint kinds they apply
 * to. The settings check (`core/settings.ts`), `slotpipe watch`'s flags and help (`cli/watch.ts`), the
 * backend's `WatchOptions` (`core/backend.ts`) and the watcher manager all read this table, and a
 * package test holds package.json's `slotpipe.watchers` schema and package.nls.json's help to it.
 *
 * To add an option: add a row here (a NetBIOS one to NETBIOS_WATCH_OPTIONS), the same property to the
 * schema in package.json with `"markdownDescription": "%slotpipe.config.watchers.NAME%"`, its help to
 * package.nls.json (the package test prints what it expects), and read it in the backends.
 */
import { ARCHES } from './arch';
import { parseEndpoint, type EndpointKind } from './endpoint';
import { errorMessage } from './error-message';

export type WatcherOptionType = 'integer' | 'boolean' | 'enum' | 'string' | 'pipe' | 'address';

export interface WatcherOption {
  type: WatcherOptionType;
  /** `slotpipe watch --FLAG`. */
  flag: string;
  /** What the flag's value is called in the help (`N` unless given; none for a boolean). */
  arg?: string;
  /** Integers: the smallest and largest value accepted. */
  min?: number;
  max?: number;
  /** Enums: the values accepted. */
  values?: readonly string[];
  /** What a watcher does when the option is not set; `defaultText` when that is no value. */
  default?: number | string | boolean;
  defaultText?: string;
  /** The endpoint kinds the option applies to. */
  kinds: readonly EndpointKind[];
  /** One sentence, Markdown code spans allowed, without the kind and the default (added from the row). */
  help: string;
}

/** Pipe servers admit the current user (`{user}`) and SYSTEM unless told otherwise. */
export const DEFAULT_PIPE_SDDL = 'D:P(A;;GA;;;SY)(A;;GA;;;{user})';

export const WATCHER_OPTIONS = {
  maxMessageSize: {
    type: 'integer', flag: 'max-message-size', min: 0, max: 64 * 1024 * 1024, default: 0, kinds: ['mailslot'],
    help: 'the largest message accepted, in bytes; `0` = any size',
  },
  readTimeout: {
    type: 'integer', flag: 'read-timeout', arg: 'MS', min: 1, max: 60_000, defaultText: 'none', kinds: ['mailslot'],
    help: 'how long an idle read waits before it wakes and reads again, in milliseconds; without it a read waits for the next message and a stop wakes it',
  },
  pipeMode: {
    type: 'enum', flag: 'pipe-mode', values: ['message', 'byte'], default: 'message', kinds: ['pipe'],
    help: '`message` or `byte` mode',
  },
  direction: {
    type: 'enum', flag: 'direction', values: ['inbound', 'outbound', 'duplex'], default: 'duplex', kinds: ['pipe'],
    help: 'the data direction as seen from the server',
  },
  maxInstances: {
    type: 'integer', flag: 'max-instances', min: 1, max: 255, defaultText: 'unlimited', kinds: ['pipe'],
    help: 'how many clients may be connected at once',
  },
  allowRemoteClients: {
    type: 'boolean', flag: 'allow-remote', default: false, kinds: ['pipe'],
    help: 'accept clients from other computers',
  },
  pipeSecurity: {
    type: 'string', flag: 'pipe-security', arg: 'SDDL', default: DEFAULT_PIPE_SDDL, kinds: ['pipe'],
    help: 'who may connect, as an SDDL security descriptor where `{user}` is you; the default admits you and SYSTEM',
  },
  proxyTo: {
    type: 'pipe', flag: 'proxy-to', arg: 'PIPE', kinds: ['pipe'],
    help: 'relay each client to the real server listening on this pipe, e.g. `\\\\.\\pipe\\ssnp-real`, and show both directions',
  },
  arch: {
    type: 'enum', flag: 'arch', values: ARCHES, defaultText: 'slotpipe.arch, else x64', kinds: ['mailslot', 'pipe'],
    help: 'the target the peer was built for: its structs are laid out with 8-byte (`x64`, `arm64`) or 4-byte (`x86`) pointers, `SIZE_T` and handles',
  },
  intercept: {
    type: 'boolean', flag: 'intercept', default: false, kinds: ['pipe'],
    help: 'step in front of the server already serving this pipe, without restarting it, and show both directions of each new client (on Windows: instances of its own beside the server\'s; elsewhere: its socket moved aside)',
  },
} as const satisfies Record<string, WatcherOption>;

/** The `netbios` object of a watcher: mailslots watched as NetBIOS datagrams. */
export const NETBIOS_WATCH_OPTIONS = {
  port: {
    type: 'integer', flag: 'port', min: 1, max: 65535, default: 138, kinds: ['mailslot'],
    help: 'the UDP port of the NetBIOS datagrams; ports below 1024 need privileges',
  },
  bind: {
    type: 'address', flag: 'bind', arg: 'ADDRESS', defaultText: 'all', kinds: ['mailslot'],
    help: 'the local IP address to listen on',
  },
} as const satisfies Record<string, WatcherOption>;

type ValueOf<O> = O extends { type: 'integer' } ? number
  : O extends { type: 'boolean' } ? boolean
  : O extends { values: readonly (infer V)[] } ? V
  : string;

/** The options' values as settings hold them (a pipe is its name). */
export type WatcherOptionValues = { -readonly [K in keyof typeof WATCHER_OPTIONS]?: ValueOf<(typeof WATCHER_OPTIONS)[K]> };
export type NetbiosWatchValues = { -readonly [K in keyof typeof NETBIOS_WATCH_OPTIONS]?: ValueOf<(typeof NETBIOS_WATCH_OPTIONS)[K]> };

export type WatcherOptionName = keyof typeof WATCHER_OPTIONS;
export const WATCHER_OPTION_NAMES = Object.keys(WATCHER_OPTIONS) as WatcherOptionName[];

/** Why a value is not accepted for an option (`expected …, found …`), or undefined when it is. */
export function optionProblem(option: WatcherOption, value: unknown): string | undefined {
  switch (option.type) {
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value) && value >= option.min! && value <= option.max!) return undefined;
      return `expected a whole number from ${option.min} to ${option.max}, found ${describeValue(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `expected true or false, found ${describeValue(value)}`;
    case 'enum':
      if (typeof value === 'string' && option.values!.includes(value)) return undefined;
      return `expected one of ${option.values!.map((v) => `"${v}"`).join(', ')}, found ${describeValue(value)}`;
    case 'string':
      return typeof value === 'string' && value.trim() !== '' ? undefined : `expected a non-empty string, found ${describeValue(value)}`;
    case 'pipe':
      return pipeProblem(value);
    case 'address':
      if (typeof value === 'string' && /^[0-9.]+$|^[0-9a-fA-F:]+$/.test(value)) return undefined;
      return `expected an IP address such as 0.0.0.0, found ${describeValue(value)}`;
  }
}

function pipeProblem(value: unknown): string | undefined {
  const expected = `expected a pipe name like \\\\.\\pipe\\name, found ${describeValue(value)}`;
  if (typeof value !== 'string') return expected;
  try {
    return parseEndpoint(value, 'pipe').kind === 'pipe' ? undefined : expected;
  } catch (err) {
    return errorMessage(err);
  }
}

/** The option's help with the kinds it applies to and its default: Markdown for the settings, plain for the CLI. */
export function optionHelp(option: WatcherOption, style: 'markdown' | 'plain'): string {
  const code = (text: string) => (style === 'markdown' ? `\`${text}\`` : text);
  const fallback = option.defaultText ?? (option.default === undefined ? undefined : code(String(option.default)));
  const kinds = option.kinds.map((kind) => (style === 'markdown' ? `${kind[0].toUpperCase()}${kind.slice(1)}s` : kind)).join(style === 'markdown' ? ' and ' : ', ');
  const help = style === 'markdown' ? option.help : option.help.replace(/`([^`]*)`/g, '$1');
  return `${kinds}: ${help}${fallback === undefined ? '' : ` (default ${fallback})`}${style === 'markdown' ? '.' : ''}`;
}

/** A value for messages: strings quoted (and shortened), other things by type. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
