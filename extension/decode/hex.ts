/** Classic hex dump rows: offset, hex bytes, and the printable ASCII beside them. */
import { hexBytes } from '../core/hex';

export interface HexRow {
  offset: number;
  /** Space-separated lowercase byte values, e.g. `aa bb cc dd`. */
  hex: string;
  /** One character per byte: printable ASCII as itself, anything else as `.`. */
  ascii: string;
}


export function hexRows(bytes: Uint8Array, width = 16): HexRow[] {
  if (!Number.isInteger(width) || width < 1 || width > 4096) throw new RangeError(`hex row width must be a whole number from 1 to 4096, got ${width}`);
  const rows: HexRow[] = [];
  for (let offset = 0; offset < bytes.length; offset += width) {
    const row = bytes.subarray(offset, Math.min(offset + width, bytes.length));
    let ascii = '';
    for (const b of row) ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    rows.push({ offset, hex: hexBytes(row), ascii });
  }
  return rows;
}

/** The rows as text: `00000010  aa bb …  |..|`, the last row padded so the ASCII column lines up. */
export function hexDump(bytes: Uint8Array, width = 16): string {
  const hexWidth = width * 3 - 1;
  const digits = Math.max(8, (bytes.length ? bytes.length - 1 : 0).toString(16).length);
  return hexRows(bytes, width)
    .map((r) => `${r.offset.toString(16).padStart(digits, '0')}  ${r.hex.padEnd(hexWidth)}  |${r.ascii}|`)
    .join('\n');
}
