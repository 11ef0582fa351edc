/** Bytes as hex text and back: how captures store bytes and how people type them. */

export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/**
 * Reads hex as people write it: `aa bb cc`, `aabbcc`, `0xaa,0xbb`, `AA-BB`. Throws naming the
 * first character that is not hex, or an odd digit count.
 */
export function hexToBytes(text: string): Uint8Array {
  const digits = text.replace(/0x/gi, '').replace(/[\s,:;\-]/g, '');
  const bad = /[^0-9a-fA-F]/.exec(digits);
  if (bad) throw new Error(`"${bad[0]}" is not a hex digit`);
  if (digits.length % 2) throw new Error(`hex needs two digits per byte; ${digits.length} digits given`);
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
