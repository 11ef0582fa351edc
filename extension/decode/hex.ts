/** Classic hex dump rows: offset, hex bytes, and the printable ASCII beside them. */
import { hexByte } from '../core/hex';

export interface HexRow {
  offset: number;
  /** Space-separated lowercase byte values, e.g. `aa bb cc dd`. */
  hex: string;
  /** One character per byte: printable ASCII as itself, anything else as `.`. */
  ascii: string;
}

const HEX = Array.from({ length: 256 }, (_, b) => hexByte(b));
const ASCII = Array.from({ length: 256 }, (_, b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'));

/** One row at a time, so a long message can be written out without holding every row. */
function* rowsOf(bytes: Uint8Array, width: number): Generator<HexRow> {
  if (!Number.isInteger(width) || width < 1 || width > 4096) throw new RangeError(`hex row width must be a whole number from 1 to 4096, got ${width}`);
  for (let offset = 0; offset < bytes.length; offset += width) {
    const end = Math.min(offset + width, bytes.length);
    const hex: string[] = [];
    const ascii: string[] = [];
    for (let i = offset; i < end; i++) {
      hex.push(HEX[bytes[i]]);
      ascii.push(ASCII[bytes[i]]);
    }
    // Joined, not concatenated: a row built with += stays a tree of small strings, 1.5 GB for 16 MB of rows.
    yield { offset, hex: hex.join(' '), ascii: ascii.join('') };
  }
}

export function hexRows(bytes: Uint8Array, width = 16): HexRow[] {
  return [...rowsOf(bytes, width)];
}

/** The dump line by line: `00000010  aa bb …  |..|`, the last row padded so the ASCII column lines up. */
export function* hexDumpLines(bytes: Uint8Array, width = 16): Generator<string> {
  const hexWidth = width * 3 - 1;
  const digits = Math.max(8, (bytes.length ? bytes.length - 1 : 0).toString(16).length);
  for (const r of rowsOf(bytes, width)) yield `${r.offset.toString(16).padStart(digits, '0')}  ${r.hex.padEnd(hexWidth)}  |${r.ascii}|`;
}

export function hexDump(bytes: Uint8Array, width = 16): string {
  return [...hexDumpLines(bytes, width)].join('\n');
}
