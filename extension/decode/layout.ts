/**
 * The struct and union layout model and how MSVC places members: each field at the next multiple of
 * min(its natural alignment, the `#pragma pack` value), every union member at 0, the whole padded to
 * its largest alignment; bit fields by MSVC's rules (decode/bits.ts).
 */
import { BitFieldPlacer } from './bits';
import { isInteger, SCALAR_SIZE, type Primitive } from './primitives';

export interface EnumMember {
  name: string;
  value: bigint;
}

export type CType =
  | { kind: 'primitive'; prim: Primitive }
  | { kind: 'enum'; name: string; base: Primitive; members: EnumMember[] }
  | { kind: 'struct'; layout: StructLayout }
  | { kind: 'array'; element: CType; length: number };

export interface StructField {
  name: string;
  type: CType;
  offset: number;
  size: number;
  /** The comment written beside the field in the header, if any (for magic detection and tooltips). */
  comment?: string;
  /** A bit field: `offset`/`size` are its allocation unit, `position` its lowest bit in the unit (little endian). */
  bits?: { position: number; width: number };
  /** A struct or union member without a name (`union { ... };`): its members are reached as the parent's. */
  anonymous?: boolean;
  /** A union whose member is chosen by a sibling's value (decode/tags.ts). */
  tag?: UnionTag;
}

/** `kind == VK_STATUS` → member `status`: the sibling that chooses and the member each value chooses. */
export interface UnionTag {
  /** The sibling field whose value chooses. */
  field: string;
  cases: { value: bigint; constant?: string; member: string }[];
  /** Why, e.g. `// tag: kind at proto.h:12` or `enum VK_KIND constants match member names`. */
  why: string;
}

/** The value the first field always has: how messages of this struct are recognised. */
export interface Magic {
  field: string;
  value: bigint;
  /** The `#define` it came from, e.g. `MS_MESSAGE_ID`. */
  constant?: string;
  /** Why it is the magic, e.g. `MS_MESSAGE_ID is #defined for struct MS_MESSAGE`. */
  why: string;
}

export interface StructLayout {
  /** A union: every member at offset 0. */
  union?: boolean;
  /** The name people use: the typedef name if there is one, else the tag. */
  name: string;
  /** How C spells the type: `MS_MESSAGE` or `struct point`. */
  cName: string;
  /** Every name the struct is known by (typedef names and tag). */
  aliases: string[];
  fields: StructField[];
  size: number;
  align: number;
  /** The `#pragma pack` value in effect where it was defined, if any. */
  pack?: number;
  magic?: Magic;
  /** Where it was defined, e.g. `ms_protocol.h:24`. */
  origin?: string;
}

export interface FieldSpec {
  name: string;
  type: CType;
  comment?: string;
  /** `: width` after the name; `name` is empty for an unnamed bit field (`: 0` or padding). */
  bitWidth?: number;
  anonymous?: boolean;
}

/** MSVC's default for x64 is /Zp16; no supported scalar needs more than 8, so "no pack" means natural. */
export const DEFAULT_PACK = 16;
export const PACK_VALUES = [1, 2, 4, 8, 16];

export function sizeOf(type: CType): number {
  switch (type.kind) {
    case 'primitive':
      return SCALAR_SIZE[type.prim.scalar];
    case 'enum':
      return SCALAR_SIZE[type.base.scalar];
    case 'struct':
      return type.layout.size;
    case 'array':
      return sizeOf(type.element) * type.length;
  }
}

export function alignOf(type: CType): number {
  switch (type.kind) {
    case 'primitive':
    case 'enum':
      return sizeOf(type);
    case 'struct':
      return type.layout.align;
    case 'array':
      return alignOf(type.element);
  }
}

/** The type as C would print it: `DWORD`, `char[20]`, `POINT[2][3]`. */
export function typeName(type: CType): string {
  switch (type.kind) {
    case 'primitive':
      return type.prim.name;
    case 'enum':
      return type.name.startsWith('(anonymous') ? 'enum {…}' : type.name;
    case 'struct':
      return type.layout.name.startsWith('(anonymous') ? (type.layout.union ? 'union {…}' : 'struct {…}') : type.layout.name;
    case 'array': {
      let element: CType = type;
      let dims = '';
      while (element.kind === 'array') {
        dims += `[${element.length}]`;
        element = element.element;
      }
      return `${typeName(element)}${dims}`;
    }
  }
}

export function alignUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

export interface StructNaming {
  name: string;
  cName?: string;
  aliases?: string[];
  pack?: number;
  origin?: string;
  union?: boolean;
}

/** The integer a bit field is declared with, or why it cannot be one. */
export function bitFieldUnit(type: CType): Primitive | string {
  const prim = type.kind === 'enum' ? type.base : type.kind === 'primitive' ? type.prim : undefined;
  if (!prim || !isInteger(prim.scalar) || prim.style === 'pointer') return `a bit field needs an integer or enum type, not ${typeName(type)}`;
  return prim;
}

/** Names reachable from a struct: its own and, through anonymous members, theirs (C forbids repeats among them). */
function reachableNames(fields: readonly StructField[], out: string[] = []): string[] {
  for (const f of fields) {
    if (f.anonymous && f.type.kind === 'struct') reachableNames(f.type.layout.fields, out);
    else if (f.name) out.push(f.name);
  }
  return out;
}

/** Places the members; throws if there are none or a name repeats (the parser adds the location). */
export function layoutStruct(naming: StructNaming, specs: FieldSpec[]): StructLayout {
  const what = naming.union ? 'union' : 'struct';
  if (specs.length === 0) throw new Error(`${what} ${naming.name} has no fields`);
  const pack = naming.pack ?? DEFAULT_PACK;
  const fields: StructField[] = [];
  const bits = new BitFieldPlacer(pack, naming.union === true);
  let end = 0;
  let align = 1;
  for (const spec of specs) {
    const size = sizeOf(spec.type);
    if (spec.bitWidth !== undefined) {
      const unit = bitFieldUnit(spec.type);
      if (typeof unit === 'string') throw new Error(unit);
      const placed = bits.place(end, SCALAR_SIZE[unit.scalar], spec.bitWidth, spec.name);
      end = placed.end;
      align = Math.max(align, placed.align);
      if (spec.name) {
        fields.push({ name: spec.name, type: spec.type, offset: placed.offset, size, ...(spec.comment ? { comment: spec.comment } : {}), bits: { position: placed.position, width: placed.width } });
      }
      continue;
    }
    bits.close();
    const fieldAlign = Math.min(alignOf(spec.type), pack);
    const offset = naming.union ? 0 : alignUp(end, fieldAlign);
    fields.push({ name: spec.name, type: spec.type, offset, size, ...(spec.comment ? { comment: spec.comment } : {}), ...(spec.anonymous ? { anonymous: true } : {}) });
    end = Math.max(end, offset + size);
    align = Math.max(align, fieldAlign);
  }
  const names = reachableNames(fields);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new Error(`field "${name}" appears twice in ${what} ${naming.name}`);
    seen.add(name);
  }
  if (fields.length === 0) throw new Error(`${what} ${naming.name} has no named fields`);
  return {
    ...(naming.union ? { union: true } : {}),
    name: naming.name,
    cName: naming.cName ?? naming.name,
    aliases: naming.aliases ?? [naming.name],
    fields,
    size: alignUp(end, align),
    align,
    ...(naming.pack !== undefined ? { pack: naming.pack } : {}),
    ...(naming.origin ? { origin: naming.origin } : {}),
  };
}

/**
 * The member `name` of a struct or union as C finds it: its own, or one of an anonymous member's
 * (then `via` lists the anonymous members passed, outermost first). Offsets are from the layout's start.
 */
export function memberNamed(layout: StructLayout, name: string): { field: StructField; offset: number; via: StructField[] } | undefined {
  for (const f of layout.fields) if (f.name === name && !f.anonymous) return { field: f, offset: f.offset, via: [] };
  for (const f of layout.fields) {
    if (!f.anonymous || f.type.kind !== 'struct') continue;
    const inner = memberNamed(f.type.layout, name);
    if (inner) return { field: inner.field, offset: f.offset + inner.offset, via: [f, ...inner.via] };
  }
  return undefined;
}

/** The names a person can write after `.`: anonymous members' members included. */
export function memberNames(layout: StructLayout): string[] {
  return reachableNames(layout.fields);
}
