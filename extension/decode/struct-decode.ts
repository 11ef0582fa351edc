/**
 * Reads a message as a struct or union: every field at its offset, little endian, with values fit for
 * JSON and a display string for people; bit fields with their bits; a tagged union only as the member
 * its tag chooses; the SDK's structs readably (sdk-display.ts). A message shorter than the struct decodes what it holds and names what
 * is missing; a longer one names the bytes left over. Never reads outside the bytes given. Arrays are
 * decoded lazily: their first elements, within a budget of fields per decode; the rest on demand.
 */
import { clip, escapeText } from '../core/escape';
import { hexBytes } from '../core/hex';
import { describeIpv4, isIpFieldName } from './ipv4';
import { bitFieldBytes } from './bits';
import { sizeOf, typeName, type CType, type Magic, type StructField, type StructLayout } from './layout';
import { isSigned, SCALAR_SIZE, type Primitive } from './primitives';
import { sdkDisplay } from './sdk-display';
import { chosenMember } from './tags';
import { decodeUtf16le, decodeUtf8, decodeWindows1252 } from './text';
import type { DecodedField } from './decoded-view';

export interface DecodedStruct {
  fields: DecodedField[];
  summary: string;
  problems: string[];
}

interface Decoded {
  field: DecodedField;
  /** A short form for the one-line summary. */
  brief: string;
}

/** Elements shown in an array's display before it is cut short. */
const ARRAY_DISPLAY_ELEMENTS = 16;
/** Elements of an array decoded with the struct; `decodeElements` gives the others. */
export const FIRST_ELEMENTS = 64;
/** Bytes of a byte array given as numbers in its value (its display shows fewer). */
const FIRST_BYTES = 4096;
/** Fields one decode makes at most: arrays stop adding elements past it (a struct's own fields always come). */
export const FIELD_BUDGET = 10_000;
/** Elements one `decodeElements` call gives at most. */
export const ELEMENTS_PER_REQUEST = 1024;

export function decodeStruct(bytes: Uint8Array, layout: StructLayout): DecodedStruct {
  const reader = new FieldReader(bytes);
  const problems: string[] = [];
  const decoded = reader.members(layout, 0, layout.magic);
  const magic = layout.magic;
  const first = decoded[0].field;
  if (magic && first.value !== null && !sameBits(BigInt(first.value as number | string), magic.value, first.size)) {
    problems.push(`${magic.field} is ${hexOf(BigInt(first.value as number | string), first.size)}, not ${magic.constant ?? 'the magic value'} ${hexOf(magic.value, first.size)}`);
  }
  if (bytes.length < layout.size) {
    const missing = layout.fields
      .filter((f) => f.offset + f.size > bytes.length)
      .map((f) => (f.offset < bytes.length ? `${f.name} (${bytes.length - f.offset} of ${f.size} bytes)` : f.name));
    problems.push(
      `message is ${bytes.length} bytes, ${layout.name} is ${layout.size}: ` +
        (missing.length ? `missing ${missing.join(', ')}` : `missing ${layout.size - bytes.length} byte(s) of trailing padding`),
    );
  } else if (bytes.length > layout.size) {
    const extra = bytes.subarray(layout.size);
    problems.push(`${extra.length} byte(s) left over after ${layout.name} (${layout.size} bytes): ${hexBytes(extra.subarray(0, 16))}${extra.length > 16 ? ' …' : ''}`);
  }
  const readable = bytes.length >= layout.size ? sdkDisplay(layout.name, decoded.map((d) => d.field)) : undefined;
  const summary = clip(`${layout.name} ${readable ?? decoded.map((d) => `${d.field.name}=${d.brief}`).join(' ')}`, 240);
  return { fields: decoded.map((d) => d.field), summary, problems };
}

function sameBits(a: bigint, b: bigint, size: number): boolean {
  return BigInt.asUintN(size * 8, a) === BigInt.asUintN(size * 8, b);
}

function hexOf(value: bigint, size: number): string {
  return `0x${BigInt.asUintN(size * 8, value).toString(16).padStart(size * 2, '0')}`;
}

/** The shortest decimal that reads back as the same float32. */
function float32Text(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  for (let p = 1; p <= 9; p++) {
    const s = Number(v.toPrecision(p));
    if (Math.fround(s) === v) return String(s);
  }
  return String(v);
}

/**
 * Elements `start` to `start + count` (at most ELEMENTS_PER_REQUEST) of the array at `path` in a message
 * decoded as `layout`. `path` indexes `fields`, then `children`: a struct member by its position, an
 * array element by its index. Throws when the path does not lead to an array.
 */
export function decodeElements(bytes: Uint8Array, layout: StructLayout, path: readonly number[], start: number, count: number): DecodedField[] {
  // Paths index members as the struct declares them (DecodedField.member where a tag hides some).
  let type: CType = { kind: 'struct', layout };
  let offset = 0;
  let name = layout.name;
  for (const index of path) {
    if (type.kind === 'struct' && index >= 0 && index < type.layout.fields.length) {
      const f: StructField = type.layout.fields[index];
      [type, offset, name] = [f.type, offset + f.offset, f.name];
    } else if (type.kind === 'array' && index >= 0 && index < type.length) {
      [type, offset, name] = [type.element, offset + index * sizeOf(type.element), `${name}[${index}]`];
    } else {
      throw new RangeError(`${name} has no ${type.kind === 'array' ? 'element' : 'member'} ${index}`);
    }
  }
  if (type.kind !== 'array') throw new RangeError(`${name} is not an array`);
  const reader = new FieldReader(bytes);
  const elementSize = sizeOf(type.element);
  const end = Math.min(type.length, start + Math.min(count, ELEMENTS_PER_REQUEST));
  const out: DecodedField[] = [];
  for (let k = Math.max(0, start); k < end && offset + k * elementSize < bytes.length; k++) out.push(reader.field(`${name}[${k}]`, type.element, offset + k * elementSize).field);
  return out;
}

class FieldReader {
  private view: DataView;
  /** Fields this reader may still make before arrays stop adding elements. */
  private budget = FIELD_BUDGET;

  constructor(private bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** A struct's or union's members at `offset`: a tagged union shows only the member its tag chooses. */
  members(layout: StructLayout, offset: number, magic?: Magic): Decoded[] {
    return layout.fields.map((f, i) => {
      if (f.bits) return this.bitField(f, offset + f.offset);
      const name = f.anonymous ? `(anonymous ${f.type.kind === 'struct' && f.type.layout.union ? 'union' : 'struct'})` : f.name;
      if (f.tag && f.type.kind === 'struct') return this.tagged(layout, f, offset);
      return this.field(name, f.type, offset + f.offset, i === 0 ? magic : undefined);
    });
  }

  /** The whole integer a bit field or tag lives in, if the message holds it. */
  private integerAt(type: CType, offset: number): bigint | undefined {
    const prim = type.kind === 'enum' ? type.base : type.kind === 'primitive' ? type.prim : undefined;
    if (!prim || offset + SCALAR_SIZE[prim.scalar] > this.bytes.length) return undefined;
    const raw = this.read(prim, offset);
    return typeof raw === 'number' ? BigInt(Math.trunc(raw)) : BigInt(raw);
  }

  /** A bit field's bits, unsigned; only the bytes they are in are read (a union's may be shorter than the unit). */
  private bitsAt(offset: number, position: number, width: number): bigint | undefined {
    const end = offset + bitFieldBytes(position, width);
    if (end > this.bytes.length) return undefined;
    let unit = 0n;
    for (let k = end - 1; k >= offset; k--) unit = (unit << 8n) | BigInt(this.bytes[k]);
    return BigInt.asUintN(width, unit >> BigInt(position));
  }

  private bitField(f: StructField, offset: number): Decoded {
    this.budget--;
    const { position, width } = f.bits!;
    const prim = f.type.kind === 'enum' ? f.type.base : (f.type as CType & { kind: 'primitive' }).prim;
    const base = { name: f.name, type: `${typeName(f.type)} : ${width}`, offset, size: f.size, bits: { position, width } };
    const bits = this.bitsAt(offset, position, width);
    if (bits === undefined) return { field: { ...base, value: null, display: '(missing)' }, brief: '(missing)' };
    const signed = isSigned(prim.scalar) ? BigInt.asIntN(width, bits) : bits;
    const where = width === 1 ? `bit ${position}` : `bits ${position}–${position + width - 1}`;
    const asValue = (n: bigint) => (f.size === 8 ? n.toString() : Number(n));
    if (f.type.kind === 'enum') {
      const member = f.type.members.find((m) => m.value === bits) ?? f.type.members.find((m) => m.value === signed);
      const value = member ? member.value : signed;
      const display = `${member ? `${member.name} (${value})` : `${value} (not a member of ${f.type.name})`}, ${where}`;
      return { field: { ...base, value: asValue(value), display }, brief: member?.name ?? String(value) };
    }
    const shown = prim.style === 'bool' ? (signed === 0n ? 'FALSE' : `TRUE${signed === 1n ? '' : ` (${signed})`}`) : String(signed);
    const display = `${shown}${width > 4 && signed >= 0x10n ? ` (0x${bits.toString(16)})` : ''}, ${where}`;
    return { field: { ...base, value: asValue(signed), display }, brief: shown };
  }

  /** A union member chosen by a sibling: only the chosen member is shown; all of them when no case matches. */
  private tagged(parent: StructLayout, f: StructField, offset: number): Decoded {
    const tag = f.tag!;
    const union = (f.type as CType & { kind: 'struct' }).layout;
    const selector = parent.fields.find((s) => s.name === tag.field);
    let value: bigint | undefined;
    if (selector?.bits) {
      value = this.bitsAt(offset + selector.offset, selector.bits.position, selector.bits.width);
    } else if (selector) {
      value = this.integerAt(selector.type, offset + selector.offset);
    }
    const chosen = value === undefined ? undefined : chosenMember(tag, value);
    const name = f.anonymous ? '(anonymous union)' : f.name;
    const whole = this.field(name, f.type, offset + f.offset);
    if (!chosen || !whole.field.children) {
      const why = value === undefined ? `${tag.field} is missing` : chosen ? `${tag.field} = ${chosen.constant ?? value} chooses ${chosen.member}` : `${tag.field} = ${value} chooses no member`;
      return { field: { ...whole.field, display: `(${why}) ${whole.field.display}` }, brief: whole.brief };
    }
    const index = union.fields.findIndex((m) => m.name === chosen.member);
    const child = { ...whole.field.children[index], member: index };
    const because = `${tag.field} = ${chosen.constant ?? value}`;
    const display = clip(`${chosen.member}: ${child.display}`, 200) + ` (${because})`;
    return {
      field: { ...whole.field, value: { [chosen.member]: child.value }, display, children: [child] },
      brief: `${chosen.member}{…}`,
    };
  }

  field(name: string, type: CType, offset: number, magic?: Magic): Decoded {
    this.budget--;
    const size = sizeOf(type);
    const base = { name, type: typeName(type), offset, size };
    const available = Math.max(0, Math.min(size, this.bytes.length - offset));
    if (available === 0) return { field: { ...base, value: null, display: '(missing)' }, brief: '(missing)' };
    switch (type.kind) {
      case 'primitive':
      case 'enum':
        if (available < size) {
          const note = `(missing: ${available} of ${size} bytes present)`;
          return { field: { ...base, value: null, display: note }, brief: '(missing)' };
        }
        return this.scalar(base, type, magic);
      case 'struct': {
        const children = this.members(type.layout, offset).map((d) => d.field);
        // An anonymous member's members are the parent's, as C reads them.
        const value = Object.fromEntries(children.flatMap((c, k) => (type.layout.fields[k]?.anonymous && c.value && typeof c.value === 'object' ? Object.entries(c.value) : [[c.name, c.value]])));
        const inner = children.map((c) => `${c.name}: ${c.display}`).join(', ');
        const readable = available === size ? sdkDisplay(type.layout.name, children) : undefined;
        const display = readable ?? clip(`{ ${inner} }`, 160) + (available < size ? ` (truncated: ${available} of ${size} bytes)` : '');
        return { field: { ...base, value, display, children }, brief: readable ?? (available < size ? '{…} (truncated)' : '{…}') };
      }
      case 'array':
        return this.array(base, type.element, type.length, available);
    }
  }

  private scalar(base: Omit<DecodedField, 'value' | 'display'>, type: CType & { kind: 'primitive' | 'enum' }, magic?: Magic): Decoded {
    const prim = type.kind === 'enum' ? type.base : type.prim;
    const { offset, name } = base;
    const raw = this.read(prim, offset);
    if (type.kind === 'enum') {
      const member = type.members.find((m) => m.value === BigInt(raw));
      const display = member ? `${member.name} (${raw})` : `${raw} (not a member of ${type.name})`;
      return { field: { ...base, value: raw, display }, brief: member?.name ?? String(raw) };
    }
    if (magic) {
      const hex = hexOf(BigInt(raw), base.size);
      const matches = sameBits(BigInt(raw), magic.value, base.size);
      const display = matches ? `${hex} (${magic.constant ?? 'magic'})` : `${hex} (expected ${magic.constant ?? 'magic'} = ${hexOf(magic.value, base.size)})`;
      return { field: { ...base, value: raw, display }, brief: hex };
    }
    switch (prim.style) {
      case 'bool': {
        const display = raw === 0 ? 'FALSE' : raw === 1 ? 'TRUE' : `TRUE (${raw})`;
        return { field: { ...base, value: raw, display }, brief: display };
      }
      case 'pointer': {
        const display = raw === '0' || raw === 0 ? 'NULL' : `0x${BigInt(raw).toString(16).padStart(base.size * 2, '0')}`;
        return { field: { ...base, value: raw, display }, brief: display };
      }
      case 'char':
      case 'wchar': {
        const cp = typeof raw === 'number' ? (prim.style === 'char' ? raw & 0xff : raw) : 0;
        const text = prim.style === 'char' ? decodeWindows1252(Uint8Array.of(cp)).text : decodeUtf16le(Uint8Array.of(cp & 0xff, cp >> 8)).text;
        const display = cp === 0 ? `'\\0' (0)` : `'${escapeText(text, true)}' (${raw})`;
        return { field: { ...base, value: raw, display }, brief: display };
      }
      default:
        break;
    }
    if (isIpFieldName(name) && base.size === 4 && typeof raw === 'number') {
      const ip = describeIpv4(this.bytes.subarray(offset, offset + 4));
      return { field: { ...base, value: raw, display: ip.display }, brief: ip.network };
    }
    if (prim.scalar === 'f32' || prim.scalar === 'f64') {
      const value = typeof raw === 'number' && Number.isFinite(raw) ? raw : String(raw);
      const display = prim.scalar === 'f32' ? float32Text(raw as number) : String(raw);
      return { field: { ...base, value, display }, brief: display };
    }
    const large = typeof raw === 'number' ? raw >= 0x10000 : BigInt(raw) >= 0x10000n;
    const display = !isSigned(prim.scalar) && large ? `${raw} (${hexOf(BigInt(raw), base.size)})` : String(raw);
    return { field: { ...base, value: raw, display }, brief: String(raw) };
  }

  /** 64-bit integers as decimal strings, everything else as a number. */
  private read(prim: Primitive, offset: number): number | string {
    const v = this.view;
    switch (prim.scalar) {
      case 'u8': return v.getUint8(offset);
      case 'i8': return v.getInt8(offset);
      case 'u16': return v.getUint16(offset, true);
      case 'i16': return v.getInt16(offset, true);
      case 'u32': return v.getUint32(offset, true);
      case 'i32': return v.getInt32(offset, true);
      case 'u64': return v.getBigUint64(offset, true).toString();
      case 'i64': return v.getBigInt64(offset, true).toString();
      case 'f32': return v.getFloat32(offset, true);
      case 'f64': return v.getFloat64(offset, true);
    }
  }

  private array(base: Omit<DecodedField, 'value' | 'display'>, element: CType, length: number, available: number): Decoded {
    const style = element.kind === 'primitive' ? element.prim.style : undefined;
    const truncated = available < base.size ? ` (truncated: ${available} of ${base.size} bytes)` : '';
    const present = this.bytes.subarray(base.offset, base.offset + available);
    if (style === 'char' || style === 'wchar') {
      const unit = style === 'char' ? 1 : 2;
      let end = 0;
      while (end + unit <= present.length && (present[end] !== 0 || (unit === 2 && present[end + 1] !== 0))) end += unit;
      const content = present.subarray(0, end);
      let text: string;
      if (style === 'wchar') text = decodeUtf16le(content).text;
      else {
        const utf8 = decodeUtf8(content);
        text = utf8.invalid ? decodeWindows1252(content).text : utf8.text;
      }
      const terminated = end + unit <= present.length;
      const shown = `"${escapeText(text, true)}"`;
      const display = shown + (truncated || (terminated ? '' : ' (no NUL terminator)'));
      return { field: { ...base, value: text, display }, brief: shown };
    }
    if (style === 'byte') {
      if (length === 4 && available === 4 && isIpFieldName(base.name)) {
        const ip = describeIpv4(present);
        return { field: { ...base, value: Array.from(present), display: `${ip.network} (bytes in order)` }, brief: ip.network };
      }
      const display = (hexBytes(present.subarray(0, 64)) + (present.length > 64 ? ' …' : '')) + truncated;
      const value = Array.from(present.subarray(0, FIRST_BYTES));
      const elements = present.length > FIRST_BYTES ? { elements: present.length } : {};
      return { field: { ...base, value, display, ...elements }, brief: clip(hexBytes(present.subarray(0, 24)), 48) };
    }
    const elementSize = sizeOf(element);
    const count = Math.min(length, Math.ceil(available / elementSize));
    const children: DecodedField[] = [];
    // The first element always comes, so every level of a nested array shows where its data starts.
    for (let k = 0; k < Math.min(count, FIRST_ELEMENTS) && (k === 0 || this.budget > 0); k++) children.push(this.field(`${base.name}[${k}]`, element, base.offset + k * elementSize).field);
    const shown = children.slice(0, ARRAY_DISPLAY_ELEMENTS).map((c) => c.display);
    const display = clip(`[${shown.join(', ')}${count > ARRAY_DISPLAY_ELEMENTS ? ', …' : ''}]`, 200) + (count > children.length ? ` (${count} elements)` : '') + truncated;
    const elements = count > children.length ? { elements: count } : {};
    return { field: { ...base, value: children.map((c) => c.value), display, children, ...elements }, brief: clip(display, 48) };
  }
}
