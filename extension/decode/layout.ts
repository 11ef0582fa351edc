/**
 * The struct layout model and how MSVC x64 places fields: each field at the next multiple of
 * min(its natural alignment, the `#pragma pack` value), the struct padded to its largest alignment.
 */
import { SCALAR_SIZE, type Primitive } from './primitives';

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
      return type.layout.name.startsWith('(anonymous') ? 'struct {…}' : type.layout.name;
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

function alignUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

export interface StructNaming {
  name: string;
  cName?: string;
  aliases?: string[];
  pack?: number;
  origin?: string;
}

/** Places the fields; throws if the struct is empty or a name repeats (the parser adds the location). */
export function layoutStruct(naming: StructNaming, specs: FieldSpec[]): StructLayout {
  if (specs.length === 0) throw new Error(`struct ${naming.name} has no fields`);
  const pack = naming.pack ?? DEFAULT_PACK;
  const seen = new Set<string>();
  const fields: StructField[] = [];
  let end = 0;
  let align = 1;
  for (const spec of specs) {
    if (seen.has(spec.name)) throw new Error(`field "${spec.name}" appears twice in struct ${naming.name}`);
    seen.add(spec.name);
    const fieldAlign = Math.min(alignOf(spec.type), pack);
    const offset = alignUp(end, fieldAlign);
    const size = sizeOf(spec.type);
    fields.push({ name: spec.name, type: spec.type, offset, size, ...(spec.comment ? { comment: spec.comment } : {}) });
    end = offset + size;
    align = Math.max(align, fieldAlign);
  }
  return {
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
