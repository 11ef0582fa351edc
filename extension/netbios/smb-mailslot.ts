/**
 * The SMB_COM_TRANSACTION request that carries a mailslot write ([MS-CIFS] 2.2.4.33, [MS-MAIL]):
 * a 32-byte SMB header, 17 parameter words ending in the setup words (opcode 1 = write, priority,
 * class 2 = unreliable), and the bytes `\MAILSLOT\name\0` with the message at DataOffset.
 * Decoding validates every count and offset and never throws. Pure.
 */
import { hexBytes } from '../core/hex';

export const SMB_COM_TRANSACTION = 0x25;
export const MAILSLOT_WRITE = 1;
/** Second-class (unreliable, datagram) mailslots: what travels in NetBIOS datagrams. */
export const MAILSLOT_CLASS_UNRELIABLE = 2;

const SMB_HEADER_LENGTH = 32;
const TRANSACTION_WORDS = 14;
const MAILSLOT_SETUP_COUNT = 3;
const FLAGS2_UNICODE = 0x8000;
const MAILSLOT_PREFIX = '\\MAILSLOT\\';

export interface MailslotWrite {
  /** `\MAILSLOT\name` as sent. */
  mailslot: string;
  data: Uint8Array;
  opcode: number;
  priority: number;
  class: number;
  /** Where the data started, counted from the SMB header as DataOffset is. */
  dataOffset: number;
  /** DataCount: the message's length as the header gives it (more than `data` in a first fragment). */
  dataCount: number;
  problems: string[];
}

export interface MailslotWriteFields {
  /** The mailslot as `\MAILSLOT\name` (the prefix is added when missing). */
  mailslot: string;
  data: Uint8Array;
  priority?: number;
  class?: number;
}

/** `sms` or `\MAILSLOT\sms` → `\MAILSLOT\sms`; `path\name` → `\MAILSLOT\path\name`. */
export function mailslotWireName(name: string): string {
  return name.toUpperCase().startsWith(MAILSLOT_PREFIX) ? name : MAILSLOT_PREFIX + name;
}

/** Encodes the SMB transaction as Windows and Samba do: the data follows the name directly. */
export function encodeMailslotWrite(fields: MailslotWriteFields): Uint8Array {
  const name = mailslotWireName(fields.mailslot);
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) throw new Error(`the mailslot name "${name}" must be printable ASCII on the wire`);
  }
  const wordCount = TRANSACTION_WORDS + MAILSLOT_SETUP_COUNT;
  const bytesAt = SMB_HEADER_LENGTH + 1 + 2 * wordCount + 2;
  const dataOffset = bytesAt + name.length + 1;
  const byteCount = name.length + 1 + fields.data.length;
  if (dataOffset + fields.data.length > 0xffff) throw new Error(`the mailslot message is too large for one SMB transaction`);
  const out = new Uint8Array(dataOffset + fields.data.length);
  const view = new DataView(out.buffer);
  out.set([0xff, 0x53, 0x4d, 0x42, SMB_COM_TRANSACTION]);
  let at = SMB_HEADER_LENGTH;
  out[at++] = wordCount;
  const words = [
    0, // TotalParameterCount
    fields.data.length, // TotalDataCount
    0, // MaxParameterCount
    0, // MaxDataCount
    0, // MaxSetupCount + Reserved1
    0, // Flags
    0, 0, // Timeout
    0, // Reserved2
    0, // ParameterCount
    dataOffset, // ParameterOffset (no parameters: where they would start)
    fields.data.length, // DataCount
    dataOffset, // DataOffset
    MAILSLOT_SETUP_COUNT, // SetupCount + Reserved3
    MAILSLOT_WRITE,
    fields.priority ?? 0,
    fields.class ?? MAILSLOT_CLASS_UNRELIABLE,
  ];
  for (const word of words) {
    view.setUint16(at, word, true);
    at += 2;
  }
  view.setUint16(at, byteCount, true);
  at += 2;
  for (let i = 0; i < name.length; i++) out[at++] = name.charCodeAt(i);
  out[at] = 0;
  out.set(fields.data, dataOffset);
  return out;
}

/** True when the bytes start with an SMB1 header (`FF 'SMB'`). */
export function isSmb(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0x53 && bytes[2] === 0x4d && bytes[3] === 0x42;
}

/**
 * Decodes a mailslot write; `undefined` fields mean the bytes ended or lied before them. Never throws.
 * `continues`: the bytes are a first datagram fragment, so the byte block and data end early by design.
 */
export function decodeMailslotWrite(bytes: Uint8Array, continues = false): MailslotWrite {
  const problems: string[] = [];
  const result: MailslotWrite = { mailslot: '', data: new Uint8Array(0), opcode: 0, priority: 0, class: 0, dataOffset: 0, dataCount: 0, problems };
  if (bytes.length < SMB_HEADER_LENGTH + 1) {
    problems.push(`the SMB message is ${bytes.length} bytes; its header needs ${SMB_HEADER_LENGTH + 1}`);
    return result;
  }
  if (!isSmb(bytes)) {
    problems.push(`the user data does not start with an SMB header (FF 53 4D 42), found ${shownBytes(bytes.subarray(0, 4))}`);
    return result;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[4] !== SMB_COM_TRANSACTION) {
    problems.push(`SMB command 0x${bytes[4].toString(16).padStart(2, '0')} is not TRANSACTION (0x25)`);
    return result;
  }
  const unicode = (view.getUint16(10, true) & FLAGS2_UNICODE) !== 0;
  const wordCount = bytes[SMB_HEADER_LENGTH];
  const wordsAt = SMB_HEADER_LENGTH + 1;
  const byteCountAt = wordsAt + 2 * wordCount;
  if (wordCount < TRANSACTION_WORDS) {
    problems.push(`WordCount is ${wordCount}; a transaction request has at least ${TRANSACTION_WORDS}`);
    return result;
  }
  if (byteCountAt + 2 > bytes.length) {
    problems.push(`WordCount ${wordCount} needs ${byteCountAt + 2} bytes, but the SMB message has ${bytes.length}`);
    return result;
  }
  const word = (i: number) => view.getUint16(wordsAt + 2 * i, true);
  const setupCount = bytes[wordsAt + 26];
  if (wordCount !== TRANSACTION_WORDS + setupCount) {
    problems.push(`WordCount is ${wordCount}, but SetupCount ${setupCount} needs ${TRANSACTION_WORDS + setupCount}`);
  }
  if (setupCount !== MAILSLOT_SETUP_COUNT) problems.push(`SetupCount is ${setupCount}; a mailslot write has ${MAILSLOT_SETUP_COUNT}`);
  if (setupCount >= 1 && 14 < wordCount) result.opcode = word(14);
  if (setupCount >= 2 && 15 < wordCount) result.priority = word(15);
  if (setupCount >= 3 && 16 < wordCount) result.class = word(16);
  if (result.opcode !== MAILSLOT_WRITE) problems.push(`mailslot opcode ${result.opcode} is not a write (1)`);
  if (result.class !== MAILSLOT_CLASS_UNRELIABLE && result.class !== 1) problems.push(`mailslot class ${result.class} is neither 1 nor 2`);

  const bytesAt = byteCountAt + 2;
  const byteCount = view.getUint16(byteCountAt, true);
  const available = bytes.length - bytesAt;
  if (byteCount > available) {
    if (!continues) problems.push(`ByteCount is ${byteCount}, but only ${available} bytes follow it`);
  } else if (byteCount < available) problems.push(`${available - byteCount} bytes follow the ByteCount's ${byteCount}`);
  const bytesEnd = Math.min(bytes.length, bytesAt + byteCount);

  const name = readName(bytes, bytesAt, bytesEnd, unicode);
  if (name.problem) problems.push(name.problem);
  result.mailslot = name.text;
  if (name.text && !name.text.toUpperCase().startsWith(MAILSLOT_PREFIX)) {
    problems.push(`the transaction name "${name.text}" is not under \\MAILSLOT\\`);
  }

  const totalParameters = word(0);
  const totalData = word(1);
  const parameterCount = word(9);
  const parameterOffset = word(10);
  const dataCount = word(11);
  const dataOffset = word(12);
  result.dataOffset = dataOffset;
  result.dataCount = dataCount;
  if (totalData !== dataCount) problems.push(`TotalDataCount ${totalData} differs from DataCount ${dataCount}; mailslot writes come in one piece`);
  if (totalParameters !== parameterCount) problems.push(`TotalParameterCount ${totalParameters} differs from ParameterCount ${parameterCount}`);
  if (parameterCount > 0 && (parameterOffset < bytesAt || parameterOffset + parameterCount > bytesEnd)) {
    problems.push(`the ${parameterCount} parameter bytes at ParameterOffset ${parameterOffset} lie outside the byte block (${bytesAt}..${bytesEnd})`);
  }
  if (dataCount === 0) return result;
  if (dataOffset < bytesAt) {
    problems.push(`DataOffset ${dataOffset} points into the header and parameter words (the byte block starts at ${bytesAt})`);
    return result;
  }
  if (name.end > bytesAt && dataOffset < name.end) problems.push(`DataOffset ${dataOffset} overlaps the mailslot name (which ends at ${name.end})`);
  if (dataOffset + dataCount > bytes.length) {
    if (!continues) problems.push(`DataOffset ${dataOffset} + DataCount ${dataCount} = ${dataOffset + dataCount} runs past the end of the SMB message (${bytes.length}); showing the ${Math.max(0, bytes.length - dataOffset)} bytes there`);
    result.data = bytes.subarray(Math.min(dataOffset, bytes.length));
    return result;
  }
  if (dataOffset + dataCount > bytesEnd) problems.push(`the data at ${dataOffset}..${dataOffset + dataCount} runs past ByteCount's end (${bytesEnd})`);
  result.data = bytes.subarray(dataOffset, dataOffset + dataCount);
  return result;
}

function readName(bytes: Uint8Array, start: number, end: number, unicode: boolean): { text: string; end: number; problem?: string } {
  if (unicode) {
    // Unicode strings are aligned to 2 bytes from the start of the SMB header.
    let at = start + (start % 2);
    let text = '';
    while (at + 1 < end) {
      const c = bytes[at] | (bytes[at + 1] << 8);
      at += 2;
      if (c === 0) return { text, end: at };
      text += String.fromCharCode(c);
    }
    return { text, end: at, problem: 'the (Unicode) transaction name has no terminating zero within ByteCount' };
  }
  let at = start;
  let text = '';
  while (at < end) {
    const c = bytes[at++];
    if (c === 0) return { text, end: at };
    text += String.fromCharCode(c);
  }
  return { text, end: at, problem: 'the transaction name has no terminating zero within ByteCount' };
}

function shownBytes(bytes: Uint8Array): string {
  return hexBytes(bytes) || '(nothing)';
}
