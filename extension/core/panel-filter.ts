/**
 * The traffic panel's filter language, parsed and matched the same way wherever it runs.
 *
 *   hello              text in the message (UTF-8/ANSI or UTF-16LE, letter case ignored), endpoint or peer
 *   "two words"        the same, with spaces
 *   hex:aabbccdd       these bytes somewhere in the message (also `0xaabbccdd`; spaces allowed inside quotes)
 *   endpoint:sms       endpoint name contains `sms` (also `ep:`)
 *   dir:in / dir:out   direction (also `in`, `out` alone, `direction:`)
 *   peer:1234          peer pid, image, address or NetBIOS name contains it
 *   conn:3             the messages of conversation 3 (see conversations.ts; also `conversation:`)
 *   -term              any of the above, negated
 * Every term must match.
 */
import { HexError, parseHex } from './hex';
import type { Direction, Peer } from './message';
import { quoteInput } from './quote';
import { describePeer } from './peer-text';

export interface FilterableMessage {
  seq?: number;
  watcherId?: string;
  endpoint: string;
  direction: Direction;
  bytes: Uint8Array;
  peer?: Peer;
}

export type FilterTerm =
  | { kind: 'text'; text: string; negate: boolean }
  | { kind: 'bytes'; bytes: Uint8Array; negate: boolean }
  | { kind: 'endpoint'; text: string; negate: boolean }
  | { kind: 'direction'; direction: Direction; negate: boolean }
  | { kind: 'peer'; text: string; negate: boolean }
  | { kind: 'conversation'; id: number; negate: boolean };

/** Which conversation a message belongs to (`conn:N` needs it; conversations.ts answers). */
export interface ConversationLookup {
  numberOf(message: FilterableMessage): number | undefined;
}

export class FilterError extends Error {
  constructor(readonly input: string, reason: string) {
    super(`Invalid filter ${quoteInput(input)}: ${reason}`);
    this.name = 'FilterError';
  }
}

/** Splits on spaces, keeping "quoted parts" together (quotes removed). */
function tokenize(input: string): string[] {
  const tokens: string[] = [];
  const pattern = /(?:[^\s"]+|"[^"]*")+/g;
  const unterminated = (input.match(/"/g)?.length ?? 0) % 2 === 1;
  if (unterminated) throw new FilterError(input, 'a quote is not closed');
  for (const match of input.matchAll(pattern)) tokens.push(match[0].replace(/"/g, ''));
  return tokens;
}

function parseHexBytes(input: string, text: string): Uint8Array {
  if (text.replace(/0x|[\s:,-]/gi, '') === '') throw new FilterError(input, 'hex: needs at least one byte, as in hex:aabb');
  try {
    return parseHex(text);
  } catch (error) {
    if (error instanceof HexError) throw new FilterError(input, error.message);
    throw error;
  }
}

function parseDirection(input: string, value: string): Direction {
  const lower = value.toLowerCase();
  if (lower === 'in' || lower === 'out') return lower;
  throw new FilterError(input, `direction must be "in" or "out", found "${value}"`);
}

export function parseFilter(input: string): FilterTerm[] {
  const terms: FilterTerm[] = [];
  for (const token of tokenize(input)) {
    const negate = token.startsWith('-') && token.length > 1;
    const body = negate ? token.slice(1) : token;
    const colon = body.indexOf(':');
    const key = colon > 0 ? body.slice(0, colon).toLowerCase() : '';
    const value = colon > 0 ? body.slice(colon + 1) : body;
    if (key === 'hex' || key === 'x') terms.push({ kind: 'bytes', bytes: parseHexBytes(input, value), negate });
    else if (/^0x[0-9a-f]+$/i.test(body)) terms.push({ kind: 'bytes', bytes: parseHexBytes(input, body), negate });
    else if (key === 'endpoint' || key === 'ep') terms.push({ kind: 'endpoint', text: requireValue(input, key, value).toLowerCase(), negate });
    else if (key === 'dir' || key === 'direction') terms.push({ kind: 'direction', direction: parseDirection(input, value), negate });
    else if (key === 'conn' || key === 'conversation') terms.push({ kind: 'conversation', id: parseConversation(input, key, value), negate });
    else if (key === 'peer') terms.push({ kind: 'peer', text: requireValue(input, key, value).toLowerCase(), negate });
    else if (body.toLowerCase() === 'in' || body.toLowerCase() === 'out') {
      terms.push({ kind: 'direction', direction: parseDirection(input, body), negate });
    } else terms.push({ kind: 'text', text: body.toLowerCase(), negate });
  }
  return terms;
}

function parseConversation(input: string, key: string, value: string): number {
  const id = Number(value.replace(/^#/, ''));
  if (!/^#?\d+$/.test(value) || !Number.isSafeInteger(id) || id < 1) throw new FilterError(input, `${key}: takes a conversation number, as in ${key}:3`);
  return id;
}

function requireValue(input: string, key: string, value: string): string {
  if (value === '') throw new FilterError(input, `${key}: needs a value, as in ${key}:name`);
  return value;
}

/** A compiled filter: the needles are encoded once, not for every message. */
export class MessageFilter {
  private readonly checks: ((message: FilterableMessage) => boolean)[];

  constructor(readonly text: string, conversations?: ConversationLookup) {
    this.checks = parseFilter(text).map((term) => {
      const check = compile(term, text, conversations);
      return term.negate ? (m: FilterableMessage) => !check(m) : check;
    });
  }

  get matchesEverything(): boolean {
    return this.checks.length === 0;
  }

  matches(message: FilterableMessage): boolean {
    for (const check of this.checks) if (!check(message)) return false;
    return true;
  }
}

function compile(term: FilterTerm, text: string, conversations: ConversationLookup | undefined): (message: FilterableMessage) => boolean {
  switch (term.kind) {
    case 'conversation':
      if (!conversations) throw new FilterError(text, 'conn: is not available here (conversations are not tracked)');
      return (m) => conversations.numberOf(m) === term.id;
    case 'bytes':
      return (m) => indexOfBytes(m.bytes, term.bytes, false) >= 0;
    case 'endpoint':
      return (m) => m.endpoint.toLowerCase().includes(term.text);
    case 'direction':
      return (m) => m.direction === term.direction;
    case 'peer':
      return (m) => peerText(m.peer).includes(term.text);
    case 'text': {
      const narrow = new TextEncoder().encode(term.text);
      const wide = utf16le(term.text);
      return (m) =>
        m.endpoint.toLowerCase().includes(term.text) ||
        peerText(m.peer).includes(term.text) ||
        indexOfBytes(m.bytes, narrow, true) >= 0 ||
        indexOfBytes(m.bytes, wide, true) >= 0;
    }
  }
}

function peerText(peer: Peer | undefined): string {
  return describePeer(peer).toLowerCase();
}

function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out[i * 2] = code & 0xff;
    out[i * 2 + 1] = code >> 8;
  }
  return out;
}

/** ASCII letters compared without case when asked; the needle is already lower case then. */
export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, ignoreAsciiCase: boolean): number {
  if (needle.length === 0) return 0;
  const last = haystack.length - needle.length;
  outer: for (let i = 0; i <= last; i++) {
    for (let j = 0; j < needle.length; j++) {
      let b = haystack[i + j];
      if (ignoreAsciiCase && b >= 0x41 && b <= 0x5a) b += 0x20;
      if (b !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}
