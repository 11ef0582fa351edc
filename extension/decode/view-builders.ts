/** Builds the DecodedView for each kind of decoder from the pieces the decoders return. */
import { clip, escapeText } from '../core/escape';
import { hexBytes } from '../core/hex';
import { hexDump } from './hex';
import type { StructLayout } from './layout';
import { decodeStruct } from './struct-decode';
import { decodeText, describeText, ENCODING_LABEL, type DecodedText, type TextEncoding } from './text';
import type { DecodedView } from './decoded-view';

const SUMMARY_LENGTH = 200;
const DECODER_NAME: Record<TextEncoding, string> = { utf8: 'text', utf16: 'utf16', ansi: 'ansi' };

export function textView(bytes: Uint8Array, encoding: TextEncoding, why: string, decoded: DecodedText = decodeText(bytes, encoding)): DecodedView {
  return {
    decoder: DECODER_NAME[encoding],
    reason: `${why}: ${ENCODING_LABEL[encoding]}, ${describeText(decoded)}`,
    text: decoded.text,
    nulTerminated: decoded.nulTerminated,
    // Only the part the summary shows is escaped again: escapes never shorten text.
    summary: clip(escapeText(decoded.text.slice(0, SUMMARY_LENGTH), true) + (decoded.nulTerminated ? '\\0' : ''), SUMMARY_LENGTH),
    problems: decoded.problems,
  };
}

/** The hex view's `text` stops here; views and the CLI show every row with hexRows / hexDump. */
export const HEX_TEXT_BYTES = 4096;

export function hexView(bytes: Uint8Array, why: string, problems: string[] = []): DecodedView {
  const head = bytes.subarray(0, 24);
  const shown = bytes.subarray(0, HEX_TEXT_BYTES);
  const more = bytes.length - shown.length;
  return {
    decoder: 'hex',
    reason: `${why}: ${bytes.length} byte${bytes.length === 1 ? '' : 's'}`,
    text: hexDump(shown) + (more ? `\n… ${more} more bytes` : ''),
    summary: `${bytes.length} bytes: ${hexBytes(head)}${bytes.length > head.length ? ' …' : ''}`,
    problems,
  };
}

export function structView(bytes: Uint8Array, layout: StructLayout, why: string): DecodedView {
  const decoded = decodeStruct(bytes, layout);
  return {
    decoder: `struct:${layout.name}`,
    reason: why,
    fields: decoded.fields,
    summary: decoded.summary,
    problems: decoded.problems,
  };
}
