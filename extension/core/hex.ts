/** Hex text ⇄ bytes, for payloads people type (`--hex`, the Send Message box) and for JSON output. */
import { quoteInput } from './quote';

export class HexError extends Error {
  override name = 'HexError';
}

/**
 * Parses hex digits; spaces, colons, dashes, commas and `0x` prefixes between bytes are allowed
 * (`aa bb`, `AA:BB`, `0xaa, 0xbb`). Errors say what is wrong and where.
 */
export function parseHex(text: string): Uint8Array {
  // Found in the text as typed, so the position is right even after a `0x` elsewhere.
  const notHex = /0x|([^0-9a-fA-F\s:,-])/gi;
  for (let m = notHex.exec(text); m; m = notHex.exec(text)) {
    if (m[1]) throw new HexError(`"${m[1]}" is not a hex digit (at character ${m.index + 1} of the hex payload)`);
  }
  const cleaned = text.replace(/0x/gi, ' ').replace(/[\s:,-]+/g, ' ').trim();
  const digits = cleaned.replace(/ /g, '');
  for (const group of cleaned.split(' ')) {
    if (group.length % 2) throw new HexError(`the hex group ${quoteInput(group)} has an odd number of digits; write each byte as two digits`);
  }
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.substr(i * 2, 2), 16);
  return bytes;
}

/** One byte as two lowercase digits. */
export function hexByte(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/** `aabbcc`: for JSON and capture files. */
export function toHex(bytes: Uint8Array): string {
  // The digits go into one buffer decoded once: a string grown digit by digit took 27 s and 3 GB for 50 MB.
  const digits = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    digits[2 * i] = HEX_DIGITS[bytes[i] >> 4];
    digits[2 * i + 1] = HEX_DIGITS[bytes[i] & 15];
  }
  return new TextDecoder().decode(digits);
}

const HEX_DIGITS = new TextEncoder().encode('0123456789abcdef');

/** `aa bb cc`: for people. */
export function hexBytes(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (i ? ' ' : '') + hexByte(bytes[i]);
  return out;
}
