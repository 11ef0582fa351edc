/**
 * The one message record: a line of a capture file, of Export Capture and of `slotpipe … --json`
 * alike (docs/capture-record.schema.json). Bytes as hex, the decoded view beside them for people and
 * tools, and everything needed to load the message back. Loading checks every field, so a record that
 * would break later (in the panel, in an export) is refused at once, naming its line.
 */
import { MessageFlag, type Direction, type Peer, type RawMessage, type TrafficMessage } from '../core/message';
import { toHex, parseHex } from '../core/hex';
import { errorMessage } from '../core/error-message';
import { datagramNotes } from '../netbios/datagram-notes';

export const CAPTURE_FORMAT = 'slotpipe-capture';

export interface CaptureRecord {
  seq: number;
  /** Milliseconds since the Unix epoch (fractions allowed), and the same as ISO 8601 for people. */
  time: number;
  iso: string;
  watcherId: string;
  endpoint: string;
  direction: Direction;
  peer?: Peer;
  /** MessageFlag bits; `flagNames` spells them out. */
  flags: number;
  flagNames?: string[];
  size: number;
  hex: string;
  /** The bytes as UTF-8, when they are text (so scripts can grep); a C string's terminator left out. */
  text?: string;
  /** The whole datagram as on the wire (network traffic only). */
  wireHex?: string;
  /** Why a datagram was flagged malformed, or that it is one fragment of a larger one (read from wireHex). */
  datagramProblems?: string[];
  /** The message as its decoder shows it (text, struct fields, …). */
  decoded?: unknown;
}

/** Turns bytes into what the `decoded` field shows (the watcher's decoder choice). */
export type DescribeMessage = (message: TrafficMessage) => unknown;

/** What JavaScript's Date can hold: a time past it loads but cannot be shown or exported. */
const MAX_TIME = 8.64e15;
const ALL_FLAGS = Object.values(MessageFlag).reduce((all, bit) => all | bit, 0);

export function toRecord(message: TrafficMessage, describe?: DescribeMessage): CaptureRecord {
  const record: CaptureRecord = {
    seq: message.seq,
    time: message.time,
    iso: new Date(message.time).toISOString(),
    watcherId: message.watcherId,
    endpoint: message.endpoint,
    direction: message.direction,
    flags: message.flags,
    size: message.bytes.length,
    hex: toHex(message.bytes),
  };
  if (message.peer) record.peer = message.peer;
  const names = flagNames(message.flags);
  if (names.length) record.flagNames = names;
  const text = textOf(message.bytes);
  if (text !== undefined) record.text = text;
  if (message.wire) record.wireHex = toHex(message.wire);
  const notes = datagramNotes(message);
  if (notes.length) record.datagramProblems = notes;
  const decoded = describe?.(message);
  if (decoded !== undefined) record.decoded = decoded;
  return record;
}

export function flagNames(flags: number): string[] {
  return Object.entries(MessageFlag).filter(([, bit]) => flags & bit).map(([name]) => name);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes as text when they are UTF-8 without control characters (tab and line ends aside); else undefined. */
function textOf(bytes: Uint8Array): string | undefined {
  const end = bytes.length && bytes[bytes.length - 1] === 0 ? bytes.length - 1 : bytes.length;
  let text: string;
  try {
    text = utf8.decode(bytes.subarray(0, end));
  } catch {
    return undefined;
  }
  return /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text) ? undefined : text;
}

export interface LoadedMessage {
  watcherId: string;
  endpoint: string;
  raw: RawMessage;
}

/** Too long for anything Slotpipe writes: an endpoint, a peer's name or image. */
const MAX_NAME = 4096;

/** A record field that is wrong: the message names the line and the field. */
export class RecordError extends Error {}

/** Parses one capture line; `lineNumber` (1-based) names it in errors. Every field is checked here, once. */
export function fromRecordLine(line: string, lineNumber: number): LoadedMessage {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new RecordError(`line ${lineNumber}: not JSON (${errorMessage(err)})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RecordError(`line ${lineNumber}: expected an object`);
  const record = value as Record<string, unknown>;
  const need = (ok: boolean, field: string, what: string) => {
    if (!ok) throw new RecordError(`line ${lineNumber}: "${field}" must be ${what}, got ${shown(record[field])}`);
  };
  const optional = (field: string, ok: (v: unknown) => boolean, what: string) => {
    if (record[field] !== undefined) need(ok(record[field]), field, what);
  };
  need(typeof record.time === 'number' && Math.abs(record.time) <= MAX_TIME, 'time', `a number of milliseconds since 1970 (at most ${MAX_TIME})`);
  need(isName(record.endpoint) && record.endpoint !== '', 'endpoint', 'a non-empty string');
  need(record.direction === 'in' || record.direction === 'out', 'direction', '"in" or "out"');
  need(typeof record.hex === 'string', 'hex', 'a hex string');
  optional('seq', (v) => Number.isSafeInteger(v) && (v as number) >= 1, 'a whole number from 1');
  optional('watcherId', (v) => isName(v) && v !== '', 'a non-empty string');
  // Range first: bitwise operators see only 32 bits, so 2^40 would pass the bit test alone.
  optional('flags', (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= ALL_FLAGS && ((v as number) & ~ALL_FLAGS) === 0, `a whole number made of the flag bits ${Object.values(MessageFlag).join(', ')}`);
  optional('size', (v) => Number.isSafeInteger(v) && (v as number) >= 0, 'a whole number of bytes');
  optional('iso', (v) => typeof v === 'string', 'a string');
  optional('text', (v) => typeof v === 'string', 'a string');
  optional('flagNames', (v) => Array.isArray(v) && v.every((n) => typeof n === 'string'), 'a list of strings');
  optional('datagramProblems', (v) => Array.isArray(v) && v.every((n) => typeof n === 'string'), 'a list of strings');
  optional('wireHex', (v) => typeof v === 'string', 'a hex string');
  optional('peer', (v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'an object');
  const bytes = hexField(record.hex as string, 'hex', lineNumber);
  if (record.size !== undefined && record.size !== bytes.length) {
    throw new RecordError(`line ${lineNumber}: "size" says ${record.size} bytes but "hex" holds ${bytes.length}`);
  }
  const raw: RawMessage = { time: record.time as number, direction: record.direction as Direction, bytes, flags: (record.flags as number | undefined) ?? 0 };
  if (record.peer !== undefined) raw.peer = peerField(record.peer as Record<string, unknown>, lineNumber);
  if (record.wireHex !== undefined) raw.wire = hexField(record.wireHex as string, 'wireHex', lineNumber);
  return {
    watcherId: (record.watcherId as string | undefined) ?? (record.endpoint as string).toLowerCase(),
    endpoint: record.endpoint as string,
    raw,
  };
}

const PEER_FIELDS: Record<keyof Peer, 'count' | 'name'> = { pid: 'count', image: 'name', address: 'name', name: 'name', connection: 'count' };

function peerField(value: Record<string, unknown>, lineNumber: number): Peer {
  const peer: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const kind = PEER_FIELDS[key as keyof Peer];
    if (!kind) throw new RecordError(`line ${lineNumber}: "peer" has an unknown field "${cut(key)}" (known: ${Object.keys(PEER_FIELDS).join(', ')})`);
    const ok = kind === 'count' ? Number.isSafeInteger(field) && (field as number) >= 0 : isName(field);
    if (!ok) throw new RecordError(`line ${lineNumber}: "peer.${key}" must be ${kind === 'count' ? 'a whole number' : 'a string'}, got ${shown(field)}`);
    peer[key] = field;
  }
  return peer as Peer;
}

/** Plain hex as the writers write it (separators allowed, as older files and people may have them). */
function hexField(text: string, field: string, lineNumber: number): Uint8Array {
  try {
    return parseHex(text);
  } catch (err) {
    // The hex parser quotes the bad part cut to a readable length.
    throw new RecordError(`line ${lineNumber}: "${field}": ${errorMessage(err)}`);
  }
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_NAME;
}

/** A value as the error shows it: its JSON, cut to a readable length. */
function shown(value: unknown): string {
  return value === undefined ? 'nothing' : cut(JSON.stringify(value));
}

function cut(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
