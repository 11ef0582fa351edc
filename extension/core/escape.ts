/**
 * How characters that would hide or garble a message are shown: C0/DEL controls as `\xHH` (the way the
 * issue tracker writes `\x02Hello\x03`), C1 controls and invisible direction/line separators as `\uHHHH`.
 */
/** Whether a code point is escaped; tab, CR and LF count as text unless `oneLine`. */
export function isEscaped(cp: number, oneLine: boolean): boolean {
  if (cp === 0x09 || cp === 0x0a || cp === 0x0d) return oneLine;
  return cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x2028 || cp === 0x2029 || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfeff;
}

export function escapeCodePoint(cp: number): string {
  if (cp === 0x09) return '\\t';
  if (cp === 0x0a) return '\\n';
  if (cp === 0x0d) return '\\r';
  if (cp < 0x80) return `\\x${cp.toString(16).padStart(2, '0')}`;
  return `\\u${cp.toString(16).padStart(4, '0')}`;
}

/** A byte that is not valid in the encoding, shown as itself. */
export function escapeByte(byte: number): string {
  return `\\x${byte.toString(16).padStart(2, '0')}`;
}

/** Escapes controls in already-decoded text; `oneLine` also escapes tab, CR and LF. */
export function escapeText(text: string, oneLine: boolean): string {
  const pieces: string[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    pieces.push(isEscaped(cp, oneLine) ? escapeCodePoint(cp) : ch);
  }
  return pieces.join('');
}

/** One line of at most `max` characters, cut with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
