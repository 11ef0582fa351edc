/**
 * `auto`: a registered struct whose magic (and size) match, else UTF-16LE if it clearly is wide text,
 * else text if printable (UTF-8, then Windows-1252), else hex. The reason says what was seen.
 */
import { hexByte } from '../core/hex';
import type { StructLayout } from './layout';
import type { StructRegistry } from './registry';
import { decodeText, type DecodedText, type TextEncoding } from './text';
import type { DecodedView } from './decoded-view';
import { hexView, structView, textView } from './view-builders';

function magicMatches(bytes: Uint8Array, layout: StructLayout): boolean {
  const magic = layout.magic;
  if (!magic) return false;
  const first = layout.fields[0];
  if (bytes.length < first.offset + first.size) return false;
  let bits = BigInt.asUintN(first.size * 8, magic.value);
  for (let k = 0; k < first.size; k++) {
    if (bytes[first.offset + k] !== Number(bits & 0xffn)) return false;
    bits >>= 8n;
  }
  return true;
}

function magicText(layout: StructLayout): string {
  const magic = layout.magic!;
  const size = layout.fields[0].size;
  const hex = BigInt.asUintN(size * 8, magic.value).toString(16).padStart(size * 2, '0');
  return `${magic.field} = 0x${hex}${magic.constant ? ` (${magic.constant})` : ''}`;
}

function printable(t: DecodedText): boolean {
  return t.invalid === 0 && t.controls === 0;
}

/** Text with a little framing (`\x02Hello\x03`): few escaped controls among many printable characters. */
function mostlyPrintable(t: DecodedText): boolean {
  const shown = t.characters - t.controls;
  return t.invalid === 0 && t.controls <= Math.max(2, t.characters / 10) && shown >= 3 && shown >= 2 * t.controls;
}

/**
 * Wide text has a zero high byte for every ASCII character; 8-bit text read as UTF-16 has none. Wide
 * text with little ASCII (CJK, Cyrillic) is not "clear" from the bytes alone: choose utf16 for it.
 */
function clearlyUtf16(wide: DecodedText): boolean {
  return printable(wide) && wide.leftoverByte === undefined && wide.characters >= 2 && wide.asciiUnits * 2 >= wide.characters;
}

/** Long messages are judged on their start first, so a 64 KB binary message costs little. */
const SAMPLE_BYTES = 4096;

/** The first SAMPLE_BYTES, cut before a UTF-8 sequence rather than through it (even for UTF-16). */
function sampleOf(bytes: Uint8Array, encoding: TextEncoding): Uint8Array {
  let end = SAMPLE_BYTES;
  if (encoding === 'utf8') while (end > SAMPLE_BYTES - 4 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

/** The whole message decoded, if it passes `accept` (tried on a sample first when long). */
function accepted(bytes: Uint8Array, encoding: TextEncoding, accept: (t: DecodedText) => boolean): DecodedText | undefined {
  if (bytes.length > SAMPLE_BYTES && !accept(decodeText(sampleOf(bytes, encoding), encoding))) return undefined;
  const full = decodeText(bytes, encoding);
  return accept(full) ? full : undefined;
}

export function autoDecode(bytes: Uint8Array, registry: StructRegistry): DecodedView {
  // Later headers win over earlier ones and over the built-in structs.
  const candidates = [...registry.layoutsInOrder()].reverse().filter((l) => magicMatches(bytes, l));
  const exact = candidates.find((l) => l.size === bytes.length);
  if (exact) return structView(bytes, exact, `auto: ${bytes.length} bytes and ${magicText(exact)} match ${exact.name} (${exact.magic!.why})`);
  const near = candidates.find((l) => l.fields[0].size >= 2);
  if (near) {
    return structView(bytes, near, `auto: ${magicText(near)} matches ${near.name} (${near.magic!.why}), but the message is ${bytes.length} bytes and ${near.name} is ${near.size}`);
  }
  if (bytes.length === 0) return textView(bytes, 'utf8', 'auto: empty message');
  const wide = bytes.length % 2 === 0 ? accepted(bytes, 'utf16', clearlyUtf16) : undefined;
  if (wide) return textView(bytes, 'utf16', 'auto: wide characters (every code unit printable, ASCII with zero high bytes)', wide);
  const narrow = accepted(bytes, 'utf8', (t) => printable(t) || mostlyPrintable(t));
  if (narrow) {
    const why = narrow.controls ? `auto: printable text with ${narrow.controls} control character(s), shown escaped` : 'auto: printable text';
    return textView(bytes, 'utf8', why, narrow);
  }
  const ansi = accepted(bytes, 'ansi', printable);
  if (ansi) return textView(bytes, 'ansi', 'auto: not valid UTF-8 but printable in the ANSI code page', ansi);
  const head = Array.from(bytes.subarray(0, 4), hexByte).join(' ');
  return hexView(bytes, `auto: binary (not printable as UTF-16LE, UTF-8 or Windows-1252; no registered struct's magic matches the first bytes ${head})`);
}
