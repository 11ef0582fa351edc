/**
 * Bit fields as MSVC lays them out (mingw-w64 does the same): the declared type is the allocation
 * unit; the next bit field shares the unit only if its type has the same size and it fits whole (a
 * field never straddles units); any other member closes the unit. `: 0` after a bit field closes it
 * and aligns what follows to its type; after anything else it is ignored. In a union every bit field
 * starts at bit 0 of offset 0, aligned as its type but only as long as the bytes its bits need (as
 * mingw-w64 lays it out: `#pragma pack(1) union { DWORD f : 16; }` is 2 bytes).
 */
import { alignUp } from './layout';

export interface BitPlacement {
  /** Offset of the allocation unit. */
  offset: number;
  /** Lowest bit of the field in the unit. */
  position: number;
  width: number;
  /** The record's size so far, after this field. */
  end: number;
  /** The alignment the field asks of the record (1 = none). */
  align: number;
}

export class BitFieldPlacer {
  /** The open unit: its size in bytes and bits still free, or undefined after a non-bit-field member. */
  private unit: { size: number; free: number } | undefined;

  constructor(
    private readonly pack: number,
    private readonly union: boolean,
  ) {}

  /** A non-bit-field member closes the unit. */
  close(): void {
    this.unit = undefined;
  }

  place(end: number, unitSize: number, width: number, name: string): BitPlacement {
    const bits = unitSize * 8;
    const shown = name ? `bit field "${name}"` : 'an unnamed bit field';
    if (width < 0) throw new Error(`${shown} has a negative width (${width})`);
    if (width > bits) throw new Error(`${shown} is ${width} bits wide, more than the ${bits} bits of its type`);
    if (width === 0 && name) throw new Error(`bit field "${name}" has width 0; only an unnamed bit field may (": 0" closes the unit)`);
    const align = Math.min(unitSize, this.pack);
    if (width === 0) {
      const follows = this.unit !== undefined;
      this.unit = undefined;
      if (!follows) return { offset: end, position: 0, width, end, align: 1 };
      if (this.union) return { offset: 0, position: 0, width, end, align: 1 }; // changes nothing in a union
      const offset = alignUp(end, align);
      return { offset, position: 0, width, end: offset, align };
    }
    const unit = this.unit;
    if (!this.union && unit && unit.size === unitSize && width <= unit.free) {
      const position = bits - unit.free;
      unit.free -= width;
      return { offset: end - unitSize, position, width, end, align: 1 };
    }
    this.unit = { size: unitSize, free: bits - width };
    if (this.union) return { offset: 0, position: 0, width, end: Math.max(end, Math.ceil(width / 8)), align };
    const offset = alignUp(end, align);
    return { offset, position: 0, width, end: offset + unitSize, align };
  }
}

/** The bytes a bit field's value is in: from its unit's offset up to its highest bit (never past it). */
export function bitFieldBytes(position: number, width: number): number {
  return Math.ceil((position + width) / 8);
}
