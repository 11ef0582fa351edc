/**
 * Text decoders for UTF-8, UTF-16LE (Win32 wide strings) and Windows-1252. A trailing NUL (senders
 * often write strlen+1 bytes) is reported, not shown as text; further NULs are counted as padding.
 * Invalid bytes and control characters are escaped, never dropped, so what is shown is what was sent.
 */
import { escapeByte, escapeCodePoint, isEscaped } from '../core/escape';
import { hexByte } from '../core/hex';
import { isUndefinedInWindows1252, windows1252CodePoint } from './windows-1252';

export type TextEncoding = 'utf8' | 'utf16' | 'ansi';

export const ENCODING_LABEL: Record<TextEncoding, string> = { utf8: 'UTF-8', utf16: 'UTF-16LE', ansi: 'Windows-1252' };

export interface DecodedText {
  /** Controls and invalid sequences escaped; tab, CR and LF kept as they are. */
  text: string;
  /** Characters shown (escapes count as one), without the terminator and padding. */
  characters: number;
  nulTerminated: boolean;
  /** NUL characters after the terminator. */
  padding: number;
  /** Bytes (UTF-8, Windows-1252) or code units (UTF-16) that are not valid text in the encoding. */
  invalid: number;
  /** Escaped control characters other than tab, CR and LF. */
  controls: number;
  /** UTF-16: code units below 0x80, i.e. ASCII written as wide characters. */
  asciiUnits: number;
  /** UTF-16: a last odd byte that is not a whole code unit. */
  leftoverByte?: number;
  problems: string[];
}

class TextBuilder {
  // Pieces joined a block at a time: text grown with += is a tree of one-character strings (2.6 GB for 16 MB).
  private readonly blocks: string[] = [];
  private pieces: string[] = [];
  characters = 0;
  invalid = 0;
  controls = 0;
  asciiUnits = 0;

  codePoint(cp: number): void {
    this.characters++;
    if (isEscaped(cp, false)) {
      this.controls++;
      this.add(escapeCodePoint(cp));
    } else {
      this.add(String.fromCodePoint(cp));
    }
  }

  invalidByte(byte: number): void {
    this.characters++;
    this.invalid++;
    this.add(escapeByte(byte));
  }

  get text(): string {
    return this.blocks.join('') + this.pieces.join('');
  }

  private add(piece: string): void {
    this.pieces.push(piece);
    if (this.pieces.length === 8192) {
      this.blocks.push(this.pieces.join(''));
      this.pieces = [];
    }
  }

  invalidUnit(unit: number): void {
    this.characters++;
    this.invalid++;
    this.add(escapeCodePoint(unit));
  }
}

/** Counts trailing zero units of `unit` bytes; returns [content length in bytes, NUL count]. */
function trailingNuls(bytes: Uint8Array, length: number, unit: number): [number, number] {
  let end = length;
  let nuls = 0;
  while (end >= unit && bytes.subarray(end - unit, end).every((b) => b === 0)) {
    end -= unit;
    nuls++;
  }
  return [end, nuls];
}

function finish(b: TextBuilder, nuls: number, encoding: TextEncoding, leftoverByte?: number): DecodedText {
  const problems: string[] = [];
  if (b.invalid) problems.push(`${b.invalid} ${encoding === 'utf16' ? 'code unit(s)' : 'byte(s)'} not valid ${ENCODING_LABEL[encoding]}, shown as escapes`);
  if (leftoverByte !== undefined) problems.push(`odd length: the last byte (0x${hexByte(leftoverByte)}) is not a whole UTF-16 code unit`);
  return {
    text: b.text,
    characters: b.characters,
    nulTerminated: nuls > 0,
    padding: Math.max(0, nuls - 1),
    invalid: b.invalid,
    controls: b.controls,
    asciiUnits: b.asciiUnits,
    ...(leftoverByte !== undefined ? { leftoverByte } : {}),
    problems,
  };
}

export function decodeUtf8(bytes: Uint8Array): DecodedText {
  const [end, nuls] = trailingNuls(bytes, bytes.length, 1);
  const b = new TextBuilder();
  let i = 0;
  while (i < end) {
    const first = bytes[i];
    if (first < 0x80) {
      b.codePoint(first);
      i++;
      continue;
    }
    const need = first >= 0xc2 && first <= 0xdf ? 1 : first >= 0xe0 && first <= 0xef ? 2 : first >= 0xf0 && first <= 0xf4 ? 3 : -1;
    let cp = need === 1 ? first & 0x1f : need === 2 ? first & 0x0f : first & 0x07;
    let ok = need > 0 && i + need < end;
    for (let k = 1; ok && k <= need; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if (ok && ((need === 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (need === 3 && (cp < 0x10000 || cp > 0x10ffff)))) ok = false;
    if (ok) {
      b.codePoint(cp);
      i += need + 1;
    } else {
      b.invalidByte(first);
      i++;
    }
  }
  return finish(b, nuls, 'utf8');
}

export function decodeUtf16le(bytes: Uint8Array): DecodedText {
  const whole = bytes.length - (bytes.length % 2);
  const [end, nuls] = trailingNuls(bytes, whole, 2);
  const b = new TextBuilder();
  for (let i = 0; i < end; i += 2) {
    const unit = bytes[i] | (bytes[i + 1] << 8);
    if (unit < 0x80) b.asciiUnits++;
    if (unit >= 0xd800 && unit <= 0xdbff && i + 3 < end) {
      const low = bytes[i + 2] | (bytes[i + 3] << 8);
      if (low >= 0xdc00 && low <= 0xdfff) {
        b.codePoint(0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00));
        i += 2;
        continue;
      }
    }
    if (unit >= 0xd800 && unit <= 0xdfff) b.invalidUnit(unit);
    else b.codePoint(unit);
  }
  return finish(b, nuls, 'utf16', bytes.length % 2 ? bytes[bytes.length - 1] : undefined);
}

export function decodeWindows1252(bytes: Uint8Array): DecodedText {
  const [end, nuls] = trailingNuls(bytes, bytes.length, 1);
  const b = new TextBuilder();
  for (let i = 0; i < end; i++) {
    if (isUndefinedInWindows1252(bytes[i])) b.invalidByte(bytes[i]);
    else b.codePoint(windows1252CodePoint(bytes[i]));
  }
  return finish(b, nuls, 'ansi');
}

export function decodeText(bytes: Uint8Array, encoding: TextEncoding): DecodedText {
  return encoding === 'utf8' ? decodeUtf8(bytes) : encoding === 'utf16' ? decodeUtf16le(bytes) : decodeWindows1252(bytes);
}

/** How the terminator and padding read in a reason: `11 characters + NUL terminator`. */
export function describeText(t: DecodedText): string {
  let s = `${t.characters} character${t.characters === 1 ? '' : 's'}`;
  if (t.nulTerminated) s += ' + NUL terminator';
  if (t.padding) s += ` + ${t.padding} NUL padding`;
  return s;
}
