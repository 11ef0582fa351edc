/**
 * Reads a message as a struct: every field at its offset, little endian, with values fit for JSON and
 * a display string for people. A message shorter than the struct decodes what it holds and names what
 * is missing; a longer one names the bytes left over. Never reads outside the bytes given. Arrays are
 * decoded lazily: their first elements, within a budget of fields per decode; the rest on demand.
 */
import { clip, escapeText } from '../core/escape';
import { hexBytes } from '../core/hex';
import { describeIpv4, isIpFieldName } from './ipv4';
import { sizeOf, typeName, type CType, type Magic, type StructField, type StructLayout } from './layout';
import { isSigned, type Primitive } from './primitives';
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
  const decoded = layout.fields.map((f, i) => reader.field(f.name, f.type, f.offset, i === 0 ? layout.magic : undefined));
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
  const summary = clip(`${layout.name} ${decoded.map((d) => `${d.field.name}=${d.brief}`).join(' ')}`, 240);
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
        const children = type.layout.fields.map((f) => this.field(f.name, f.type, offset + f.offset).field);
        const value = Object.fromEntries(children.map((c) => [c.name, c.value]));
        const inner = children.map((c) => `${c.name}: ${c.display}`).join(', ');
        const display = clip(`{ ${inner} }`, 160) + (available < size ? ` (truncated: ${available} of ${size} bytes)` : '');
        return { field: { ...base, value, display, children }, brief: available < size ? '{…} (truncated)' : '{…}' };
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
        const display = raw === '0' ? 'NULL' : `0x${BigInt(raw).toString(16).padStart(16, '0')}`;
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
