/**
 * The one parser for the names users type: Win32 mailslot and pipe names.
 * Pure: used by the CLI, the extension host, the webview and the tests alike.
 */

import { quoteInput } from './quote';

export type EndpointKind = 'mailslot' | 'pipe';

/**
 * - `local`: `\\.\mailslot\x` / `\\.\pipe\x`
 * - `broadcast`: `\\*\mailslot\x` (the primary domain)
 * - `remote`: `\\HOST\...` (a machine, or for mailslots possibly a domain: Win32 cannot tell them apart either)
 */
export type EndpointScope = 'local' | 'broadcast' | 'remote';

export interface Endpoint {
  kind: EndpointKind;
  scope: EndpointScope;
  /** `.`, `*`, or the machine / domain name as typed. */
  host: string;
  /** The part after `\mailslot\` or `\pipe\`, backslash separated, e.g. `sms` or `path\name`. */
  name: string;
  /** The canonical Win32 path, e.g. `\\.\mailslot\sms`. */
  path: string;
}

export class EndpointError extends Error {
  constructor(readonly input: string, reason: string) {
    super(`Invalid endpoint ${quoteInput(input)}: ${reason}`);
    this.name = 'EndpointError';
  }
}

/** Messages to another computer (or a broadcast) are limited by the datagram size. */
export const REMOTE_MAILSLOT_LIMIT = 424;

// Characters Windows refuses in file-system-like names, plus control characters.
const ILLEGAL_NAME_CHARS = /[<>:"|?*\x00-\x1f]/;
// A NetBIOS name is at most 15 characters; DNS names may be longer. Allow what a UNC host may be.
const HOST_PATTERN = /^[A-Za-z0-9_.$@!#%&'()^{}~\-]+$/;
const MAX_NAME_LENGTH = 256;

/**
 * Parses a Win32 mailslot or pipe name. Accepts forward slashes, any letter case of the
 * `mailslot` / `pipe` keyword, and a bare name when `defaultKind` is given (`sms` → `\\.\mailslot\sms`).
 */
export function parseEndpoint(input: string, defaultKind?: EndpointKind): Endpoint {
  const raw = input.trim();
  if (raw === '') throw new EndpointError(input, 'the name is empty');
  const text = raw.replace(/\//g, '\\');

  if (!text.startsWith('\\')) {
    if (!defaultKind) {
      throw new EndpointError(input, 'expected a name like \\\\.\\mailslot\\name or \\\\.\\pipe\\name');
    }
    return build(input, defaultKind, '.', text);
  }
  if (!text.startsWith('\\\\')) {
    throw new EndpointError(input, 'a name starts with two backslashes, as in \\\\.\\pipe\\name');
  }
  const parts = text.slice(2).split('\\');
  const [host, keyword] = parts;
  if (!host) throw new EndpointError(input, 'the machine part is empty (use "." for this computer)');
  if (keyword === undefined) {
    throw new EndpointError(input, `expected \\mailslot\\ or \\pipe\\ after "\\\\${host}"`);
  }
  const kind = keyword.toLowerCase();
  if (kind !== 'mailslot' && kind !== 'pipe') {
    throw new EndpointError(input, `expected "mailslot" or "pipe" after the machine name, found ${quoteInput(keyword)}`);
  }
  return build(input, kind, host, parts.slice(2).join('\\'));
}

function build(input: string, kind: EndpointKind, host: string, name: string): Endpoint {
  if (host !== '.' && host !== '*' && !HOST_PATTERN.test(host)) {
    throw new EndpointError(input, `${quoteInput(host)} is not a valid machine or domain name`);
  }
  if (host === '*' && kind === 'pipe') {
    throw new EndpointError(input, 'pipes cannot be broadcast; "\\\\*\\" is only for mailslots');
  }
  if (name === '') throw new EndpointError(input, `the ${kind} name is empty`);
  if (name.split('\\').some((segment) => segment === '')) {
    throw new EndpointError(input, `the ${kind} name ${quoteInput(name)} has an empty path segment`);
  }
  const bad = kind === 'mailslot' && name === ALL_MAILSLOTS ? null : ILLEGAL_NAME_CHARS.exec(name);
  if (bad) {
    const shown = bad[0] < ' ' ? `\\x${bad[0].charCodeAt(0).toString(16).padStart(2, '0')}` : bad[0];
    throw new EndpointError(input, `the ${kind} name contains the character "${shown}", which Windows does not allow`);
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new EndpointError(input, `the ${kind} name is ${name.length} characters long; at most ${MAX_NAME_LENGTH} are allowed`);
  }
  const scope: EndpointScope = host === '.' ? 'local' : host === '*' ? 'broadcast' : 'remote';
  return { kind, scope, host, name, path: `\\\\${host}\\${kind}\\${name}` };
}

/** The id of a watcher of `endpoint`: its canonical path in lower case (Win32 names ignore case). */
export function watcherId(endpoint: string): string {
  return parseEndpoint(endpoint).path.toLowerCase();
}

/** For things that can only be created on this computer: a mailslot server or a pipe server. */
export function requireLocal(endpoint: Endpoint): Endpoint {
  if (endpoint.scope !== 'local') {
    throw new EndpointError(
      endpoint.path,
      `a ${endpoint.kind} can only be created on this computer; use \\\\.\\${endpoint.kind}\\${endpoint.name} to watch it`,
    );
  }
  return endpoint;
}

/** `\\.\mailslot\*`: every mailslot, which only a watcher of the network (NetBIOS datagrams) can see. */
export const ALL_MAILSLOTS = '*';

/** Mailslot messages that leave this computer travel in one datagram: refuse what cannot fit. */
export function checkMailslotPayload(endpoint: Endpoint, size: number): void {
  if (endpoint.kind === 'mailslot' && endpoint.scope !== 'local' && size > REMOTE_MAILSLOT_LIMIT) {
    throw new EndpointError(
      endpoint.path,
      `the message is ${size} bytes; messages to another computer or a broadcast are limited to ${REMOTE_MAILSLOT_LIMIT} bytes`,
    );
  }
}
