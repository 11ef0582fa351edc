/**
 * One message as a line of a JSON Lines capture: bytes as hex, the decoded fields beside them
 * for people and tools, and everything needed to load it back.
 */
import type { Direction, Peer, RawMessage, TrafficMessage } from '../core/message';
import { toHex, parseHex } from '../core/hex';
import { errorMessage } from '../core/error-message';

export const CAPTURE_FORMAT = 'slotpipe-capture';

export interface CaptureRecord {
  seq: number;
  /** Milliseconds since the Unix epoch, and the same as ISO 8601 for people. */
  time: number;
  iso: string;
  watcherId: string;
  endpoint: string;
  direction: Direction;
  peer?: Peer;
  flags: number;
  size: number;
  hex: string;
  /** The whole datagram as on the wire (network traffic only). */
  wireHex?: string;
  decoded?: unknown;
}

/** Turns bytes into what the `decoded` field shows (the watcher's decoder choice). */
export type DescribeMessage = (message: TrafficMessage) => unknown;

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
  if (message.wire) record.wireHex = toHex(message.wire);
  const decoded = describe?.(message);
  if (decoded !== undefined) record.decoded = decoded;
  return record;
}

export interface LoadedMessage {
  watcherId: string;
  endpoint: string;
  raw: RawMessage;
}

/** Parses one capture line; `lineNumber` (1-based) names it in errors. */
export function fromRecordLine(line: string, lineNumber: number): LoadedMessage {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new Error(`line ${lineNumber}: not JSON (${errorMessage(err)})`);
  }
  if (typeof value !== 'object' || value === null) throw new Error(`line ${lineNumber}: expected an object`);
  const record = value as Partial<CaptureRecord>;
  const need = (ok: boolean, field: string, what: string) => {
    if (!ok) throw new Error(`line ${lineNumber}: "${field}" must be ${what}`);
  };
  need(typeof record.time === 'number' && Number.isFinite(record.time), 'time', 'a number of milliseconds');
  need(typeof record.endpoint === 'string', 'endpoint', 'a string');
  need(record.direction === 'in' || record.direction === 'out', 'direction', '"in" or "out"');
  need(typeof record.hex === 'string', 'hex', 'a hex string');
  let bytes: Uint8Array;
  try {
    bytes = parseHex(record.hex!);
  } catch (err) {
    throw new Error(`line ${lineNumber}: "hex": ${errorMessage(err)}`);
  }
  if (typeof record.size === 'number' && record.size !== bytes.length) {
    throw new Error(`line ${lineNumber}: "size" says ${record.size} bytes but "hex" holds ${bytes.length}`);
  }
  const raw: RawMessage = { time: record.time!, direction: record.direction!, bytes, flags: record.flags ?? 0 };
  if (record.peer && typeof record.peer === 'object') raw.peer = record.peer;
  if (typeof record.wireHex === 'string') raw.wire = parseHex(record.wireHex);
  return {
    watcherId: typeof record.watcherId === 'string' ? record.watcherId : record.endpoint!.toLowerCase(),
    endpoint: record.endpoint!,
    raw,
  };
}
