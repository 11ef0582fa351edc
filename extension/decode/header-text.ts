/**
 * The text of a header file as editors on Windows save it: UTF-8 with or without a byte order mark, or
 * UTF-16 (Visual Studio's "Unicode") with its mark; UTF-16LE without a mark is known by its zero bytes.
 */
export function headerText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (looksUtf16le(bytes)) return new TextDecoder('utf-16le').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes); // drops a UTF-8 byte order mark
}

/** C source is ASCII almost throughout: in UTF-16LE every second byte of its start is zero. */
function looksUtf16le(bytes: Uint8Array): boolean {
  const sample = Math.min(bytes.length & ~1, 64);
  if (sample < 2) return false;
  for (let i = 0; i < sample; i += 2) if (bytes[i] === 0 || bytes[i + 1] !== 0) return false;
  return true;
}
