/**
 * NetBIOS names (RFC 1001 §14, RFC 1002 §4.1): 16 bytes (15 name characters padded with spaces plus a
 * suffix byte saying what the name is for), first-level encoded as 32 letters 'A'..'P', followed by
 * an optional dotted scope. Pure: no node built-ins.
 */
import { hexByte } from '../core/hex';

export interface NetbiosName {
  /** The 15 name characters without trailing padding, e.g. `HOST`, `*` or `__MSBROWSE__`. */
  name: string;
  /** The 16th byte: 0x00 workstation / domain, 0x1d local master browser, 0x1e browser election, ... */
  suffix: number;
  /** The NetBIOS scope (dotted labels), usually empty. */
  scope: string;
}

export type NameDecode =
  | { ok: true; value: NetbiosName; /** Bytes the encoded name took at the given offset. */ length: number }
  | { ok: false; reason: string };

/** The browser's special group name: bytes 01 02 "__MSBROWSE__" 02, suffix 01. */
export const MSBROWSE = '__MSBROWSE__';
const MSBROWSE_BYTES = [0x01, 0x02, ...Array.from(MSBROWSE, (c) => c.charCodeAt(0)), 0x02];

const ENCODED_LABEL_LENGTH = 32;
const MAX_ENCODED_NAME = 255;
const LEGAL_NAME = /^[\x21-\x7e][\x20-\x7e]{0,14}$/;
const LEGAL_SCOPE_LABEL = /^[A-Za-z0-9-]{1,63}$/;

/** `HOST<00>`, or `HOST<00>.scope` when there is a scope. */
export function formatNetbiosName(name: NetbiosName): string {
  const suffix = name.suffix.toString(16).padStart(2, '0');
  return `${name.name}<${suffix}>${name.scope ? `.${name.scope}` : ''}`;
}

/** Reads `HOST<1d>` (or `HOST`, taking the default suffix); throws on names NetBIOS cannot carry. */
export function parseNetbiosName(text: string, defaultSuffix = 0x00, scope = ''): NetbiosName {
  const match = /^(.*?)(?:<([0-9a-fA-F]{2})>)?$/.exec(text.trim());
  const name = match?.[1] ?? '';
  const suffix = match?.[2] !== undefined ? parseInt(match[2], 16) : defaultSuffix;
  checkName(name, text);
  for (const label of scope ? scope.split('.') : []) {
    if (!LEGAL_SCOPE_LABEL.test(label)) throw new Error(`the NetBIOS scope "${scope}" has an invalid label "${label}"`);
  }
  return { name: name === '*' || name === MSBROWSE ? name : name.toUpperCase(), suffix, scope };
}

function checkName(name: string, shown: string): void {
  if (name === '') throw new Error(`the NetBIOS name in "${shown}" is empty`);
  if (name.length > 15) throw new Error(`the NetBIOS name "${name}" is ${name.length} characters long; at most 15 fit`);
  if (!LEGAL_NAME.test(name)) throw new Error(`the NetBIOS name "${name}" may only hold printable ASCII and may not start with a space`);
  if (name.startsWith('*') && name !== '*') throw new Error(`the NetBIOS name "${name}" may not start with "*" (only "*" alone is the wildcard)`);
}

/** The 16 raw bytes of a name: padded with spaces, `*` padded with zeros, `__MSBROWSE__` in its special form. */
export function rawNetbiosName(name: NetbiosName): Uint8Array {
  const raw = new Uint8Array(16);
  if (name.name === MSBROWSE) {
    raw.set(MSBROWSE_BYTES);
  } else {
    const pad = name.name === '*' ? 0x00 : 0x20;
    raw.fill(pad, 0, 15);
    for (let i = 0; i < name.name.length; i++) raw[i] = name.name.charCodeAt(i);
  }
  raw[15] = name.suffix;
  return raw;
}

/** First-level encoding: length 32, the 32 letters, the scope labels, and the terminating zero. */
export function encodeNetbiosName(name: NetbiosName): Uint8Array {
  const labels = name.scope ? name.scope.split('.') : [];
  const out = new Uint8Array(1 + ENCODED_LABEL_LENGTH + labels.reduce((n, l) => n + 1 + l.length, 0) + 1);
  const raw = rawNetbiosName(name);
  out[0] = ENCODED_LABEL_LENGTH;
  for (let i = 0; i < 16; i++) {
    out[1 + 2 * i] = 0x41 + (raw[i] >> 4);
    out[2 + 2 * i] = 0x41 + (raw[i] & 0x0f);
  }
  let at = 1 + ENCODED_LABEL_LENGTH;
  for (const label of labels) {
    out[at++] = label.length;
    for (let i = 0; i < label.length; i++) out[at++] = label.charCodeAt(i);
  }
  out[at] = 0;
  return out;
}

/**
 * Decodes a first-level encoded name at `offset`. `message` lets the name service follow compression
 * pointers (RFC 1002 §4.1.1 label string pointers); datagrams never use them, so pass `allowPointers: false`.
 */
export function decodeNetbiosName(bytes: Uint8Array, offset: number, allowPointers = false): NameDecode {
  if (offset >= bytes.length) return { ok: false, reason: `the name at offset ${offset} is missing (the data ends at ${bytes.length})` };
  const first = bytes[offset];
  if ((first & 0xc0) === 0xc0) {
    if (!allowPointers) return { ok: false, reason: `a compressed name pointer at offset ${offset}, which datagrams do not allow` };
    if (offset + 1 >= bytes.length) return { ok: false, reason: `the name pointer at offset ${offset} is cut off` };
    const target = ((first & 0x3f) << 8) | bytes[offset + 1];
    if (target >= offset) return { ok: false, reason: `the name pointer at offset ${offset} points forward (to ${target})` };
    const pointed = decodeNetbiosName(bytes, target, true);
    return pointed.ok ? { ...pointed, length: 2 } : pointed;
  }
  if (first !== ENCODED_LABEL_LENGTH) {
    return { ok: false, reason: `the name at offset ${offset} starts with length ${first}; an encoded NetBIOS name has 32` };
  }
  if (offset + 1 + ENCODED_LABEL_LENGTH > bytes.length) {
    return { ok: false, reason: `the name at offset ${offset} is cut off after ${bytes.length - offset - 1} of 32 letters` };
  }
  const raw = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    const high = bytes[offset + 1 + 2 * i] - 0x41;
    const low = bytes[offset + 2 + 2 * i] - 0x41;
    if (high < 0 || high > 15 || low < 0 || low > 15) {
      const bad = high < 0 || high > 15 ? offset + 1 + 2 * i : offset + 2 + 2 * i;
      return { ok: false, reason: `the name at offset ${offset} has byte 0x${hexByte(bytes[bad])} at offset ${bad}; first-level encoding uses only 'A'..'P'` };
    }
    raw[i] = (high << 4) | low;
  }
  let at = offset + 1 + ENCODED_LABEL_LENGTH;
  const labels: string[] = [];
  for (;;) {
    if (at >= bytes.length) return { ok: false, reason: `the scope of the name at offset ${offset} has no terminating zero` };
    const length = bytes[at];
    if (length === 0) break;
    if (length > 63) return { ok: false, reason: `the scope label at offset ${at} has length ${length}; labels hold at most 63 bytes` };
    if (at + 1 + length > bytes.length) return { ok: false, reason: `the scope label at offset ${at} is cut off` };
    labels.push(String.fromCharCode(...bytes.subarray(at + 1, at + 1 + length)));
    at += 1 + length;
  }
  const length = at + 1 - offset;
  if (length > MAX_ENCODED_NAME) return { ok: false, reason: `the name at offset ${offset} is ${length} bytes long; at most ${MAX_ENCODED_NAME} are allowed` };
  return { ok: true, value: { name: nameText(raw), suffix: raw[15], scope: labels.join('.') }, length };
}

function nameText(raw: Uint8Array): string {
  if (MSBROWSE_BYTES.every((b, i) => raw[i] === b)) return MSBROWSE;
  if (raw[0] === 0x2a && raw.subarray(1, 15).every((b) => b === 0)) return '*';
  let end = 15;
  while (end > 0 && (raw[end - 1] === 0x20 || raw[end - 1] === 0)) end--;
  let text = '';
  for (let i = 0; i < end; i++) {
    const b = raw[i];
    text += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${hexByte(b)}`;
  }
  return text;
}

