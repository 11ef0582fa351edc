/**
 * The common case read quickly: a well-formed, unfragmented direct or broadcast datagram without
 * scopes, carrying an ASCII SMB TRANSACTION write to `\MAILSLOT\name` with nothing odd about it. Reads
 * only the offsets it needs and makes no strings or objects. Anything else (including the browser
 * mailslots, whose messages are decoded further) is left to `decodeMailslotDatagram`, which says what
 * is wrong; whenever this reader accepts a datagram, that decoder finds no problem and the same
 * mailslot, data and source. Pure.
 */
import { BROWSE_MAILSLOT, LANMAN_MAILSLOT } from './browser';

/** Where the parts lie in the datagram (byte offsets, ends exclusive). Filled in by the reader. */
export interface PlainMailslotDatagram {
  /** The first-level encoded source name (its length byte to its terminating zero). */
  sourceNameStart: number;
  sourceNameEnd: number;
  /** `\MAILSLOT\name`, without its terminating zero. */
  mailslotStart: number;
  mailslotEnd: number;
  dataStart: number;
  dataEnd: number;
}

const HEADER = 14;
/** A name without scope: length byte 32, 32 letters, terminating zero. */
const NAME = 34;
const USER_DATA = HEADER + 2 * NAME;
const SMB_WORDS = 33;
const TRANSACTION_MAILSLOT_WORDS = 17;
const BYTE_BLOCK = SMB_WORDS + 2 * TRANSACTION_MAILSLOT_WORDS + 2;
const PREFIX = Array.from('\\MAILSLOT\\', (c) => c.charCodeAt(0));
const BROWSE = Array.from(BROWSE_MAILSLOT, (c) => c.charCodeAt(0));
const LANMAN = Array.from(LANMAN_MAILSLOT, (c) => c.charCodeAt(0));

/** A blank result to fill (one per caller, reused). */
export function plainMailslotDatagram(): PlainMailslotDatagram {
  return { sourceNameStart: 0, sourceNameEnd: 0, mailslotStart: 0, mailslotEnd: 0, dataStart: 0, dataEnd: 0 };
}

/** True (with `into` filled in) for a plain mailslot write; false for anything the full decoder must read. */
export function readPlainMailslotDatagram(bytes: Uint8Array, into: PlainMailslotDatagram): boolean {
  const length = bytes.length;
  if (length < USER_DATA + BYTE_BLOCK) return false;
  const type = bytes[0];
  // Direct unique, direct group or broadcast; flags: first fragment, no more, no reserved bits.
  if (type < 0x10 || type > 0x12 || (bytes[1] & 0xf3) !== 0x02) return false;
  if (((bytes[10] << 8) | bytes[11]) !== length - HEADER || bytes[12] !== 0 || bytes[13] !== 0) return false;
  if (!isPlainName(bytes, HEADER) || !isPlainName(bytes, HEADER + NAME)) return false;

  const smb = USER_DATA;
  const smbLength = length - smb;
  if (bytes[smb] !== 0xff || bytes[smb + 1] !== 0x53 || bytes[smb + 2] !== 0x4d || bytes[smb + 3] !== 0x42) return false;
  // TRANSACTION, Flags2 without Unicode, 14 + 3 words with SetupCount 3.
  if (bytes[smb + 4] !== 0x25 || (bytes[smb + 11] & 0x80) !== 0) return false;
  if (bytes[smb + 32] !== TRANSACTION_MAILSLOT_WORDS || bytes[smb + SMB_WORDS + 26] !== 3) return false;
  const words = smb + SMB_WORDS;
  const totalParameters = le16(bytes, words);
  const totalData = le16(bytes, words + 2);
  const parameterCount = le16(bytes, words + 18);
  const dataCount = le16(bytes, words + 22);
  const dataOffset = le16(bytes, words + 24);
  const opcode = le16(bytes, words + 28);
  const mailslotClass = le16(bytes, words + 32);
  const byteCount = le16(bytes, words + 34);
  if (opcode !== 1 || (mailslotClass !== 1 && mailslotClass !== 2)) return false;
  if (totalParameters !== 0 || parameterCount !== 0 || totalData !== dataCount || dataCount === 0) return false;
  if (byteCount !== smbLength - BYTE_BLOCK) return false;

  // The name: printable ASCII (so upper-casing it is plain ASCII too), under \MAILSLOT\, ended by a zero.
  const nameStart = smb + BYTE_BLOCK;
  let nameEnd = nameStart;
  for (;;) {
    if (nameEnd >= length) return false;
    const c = bytes[nameEnd];
    if (c === 0) break;
    if (c < 0x20 || c > 0x7e) return false;
    nameEnd++;
  }
  if (!startsWithUpper(bytes, nameStart, nameEnd, PREFIX)) return false;
  if (sameNameUpper(bytes, nameStart, nameEnd, BROWSE) || sameNameUpper(bytes, nameStart, nameEnd, LANMAN)) return false;
  // The data lies after the name's zero and within the message.
  if (dataOffset < nameEnd + 1 - smb || dataOffset + dataCount > smbLength) return false;

  into.sourceNameStart = HEADER;
  into.sourceNameEnd = HEADER + NAME;
  into.mailslotStart = nameStart;
  into.mailslotEnd = nameEnd;
  into.dataStart = smb + dataOffset;
  into.dataEnd = smb + dataOffset + dataCount;
  return true;
}

/**
 * True when `bytes[start, end)` upper-cased in ASCII equals `upper` (given as character codes, already
 * upper case). The mailslot of an accepted datagram is printable ASCII, so this is the full decoder's
 * `mailslot.toUpperCase() === upper`.
 */
export function sameNameUpper(bytes: Uint8Array, start: number, end: number, upper: ArrayLike<number>): boolean {
  if (end - start !== upper.length) return false;
  return startsWithUpper(bytes, start, end, upper);
}

function startsWithUpper(bytes: Uint8Array, start: number, end: number, upper: ArrayLike<number>): boolean {
  if (end - start < upper.length) return false;
  for (let i = 0; i < upper.length; i++) {
    const c = bytes[start + i];
    if ((c >= 0x61 && c <= 0x7a ? c - 0x20 : c) !== upper[i]) return false;
  }
  return true;
}

function le16(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8);
}

/** A first-level encoded name of 32 letters 'A'..'P' with no scope. */
function isPlainName(bytes: Uint8Array, at: number): boolean {
  if (bytes[at] !== 32 || bytes[at + 33] !== 0) return false;
  // Each letter minus 'A' must be 0..15: any other value sets a bit above the lowest four.
  let outside = 0;
  for (let i = at + 1; i <= at + 32; i++) outside |= bytes[i] - 0x41;
  return (outside & ~0x0f) === 0;
}
