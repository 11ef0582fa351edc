/** Hex text ⇄ bytes, for payloads people type (`--hex`, the Send Message box) and for JSON output. */

export class HexError extends Error {
  override name = 'HexError';
}

/**
 * Parses hex digits; spaces, colons, dashes, commas and `0x` prefixes between bytes are allowed
 * (`aa bb`, `AA:BB`, `0xaa, 0xbb`). Errors say what is wrong and where.
 */
export function parseHex(text: string): Uint8Array {
  const cleaned = text.replace(/0x/gi, ' ').replace(/[\s:,-]+/g, ' ').trim();
  const digits = cleaned.replace(/ /g, '');
  const bad = /[^0-9a-fA-F ]/.exec(cleaned);
  if (bad) throw new HexError(`"${bad[0]}" is not a hex digit (at character ${text.indexOf(bad[0]) + 1} of the hex payload)`);
  for (const group of cleaned.split(' ')) {
    if (group.length % 2) throw new HexError(`the hex group "${group}" has an odd number of digits; write each byte as two digits`);
  }
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.substr(i * 2, 2), 16);
  return bytes;
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
