/**
 * A buffer with room for `more` bytes after its first `used`: `buffer` itself when they fit, else a
 * larger one (at least twice the size) holding a copy of those `used` bytes. Pure.
 */
export function withRoom(buffer: Uint8Array<ArrayBuffer>, used: number, more: number): Uint8Array<ArrayBuffer> {
  if (used + more <= buffer.length) return buffer;
  const grown = new Uint8Array(Math.max(buffer.length * 2, used + more));
  grown.set(buffer.subarray(0, used));
  return grown;
}

/** Byte strings joined end to end into one new buffer. Pure. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
