/**
 * Builds a struct message from `field=value` settings (as `slotpipe send --struct NAME --set ...` takes
 * them): unset fields are zero, the magic is filled in, and every value is checked against its field's
 * type, with an error naming the field and what it accepts. Bit fields are written into their bits
 * only; a member of a tagged union sets its tag to the value that chooses it unless the tag is set too.
 */
import { bitFieldBytes } from './bits';
import { parseHex } from '../core/hex';
import { parseDottedQuad, isIpFieldName } from './ipv4';
import { memberNamed, memberNames, sizeOf, typeName, type CType, type StructField, type StructLayout } from './layout';
import { isInteger, isSigned, SCALAR_SIZE, type Primitive } from './primitives';
import { windows1252Byte } from './windows-1252';
import { errorMessage } from '../core/error-message';

export class EncodeError extends Error {
  override name = 'EncodeError';
}

interface Target {
  path: string;
  /** The last name in the path, e.g. `ip` for `hosts[2].ip` (decides IP handling). */
  name: string;
  type: CType;
  offset: number;
  bits?: { position: number; width: number };
  /** Tags this path chooses a union member by: the tag's place and the value that chooses. */
  chooses: { tag: Target; value: bigint }[];
}

/**
 * Field paths: `port`, `inner.x`, `values[2]`, `points[1].y`. Values: integers (decimal, 0x hex,
 * negative), enum member names, TRUE/FALSE, floats, dotted quads for IP-named 32-bit fields and BYTE[4],
 * strings for char[N]/WCHAR[N] (room for the NUL needed), hex bytes for BYTE[N], `1,2,3` for other arrays.
 */
export function encodeStruct(layout: StructLayout, values: Record<string, string>): Uint8Array {
  const bytes = new Uint8Array(layout.size);
  const view = new DataView(bytes.buffer);
  const magic = layout.magic;
  if (magic) writeInteger(view, layout.fields[0].type, layout.fields[0].offset, magic.value);
  const targets = Object.entries(values).map(([path, text]) => ({ target: resolve(layout, path), text }));
  const set = new Set(targets.map((t) => t.target.path));
  for (const { target } of targets) {
    for (const { tag, value } of target.chooses) if (!set.has(tag.path)) writeTarget(view, bytes, tag, value);
  }
  for (const { target, text } of targets) write(view, bytes, target, text);
  return bytes;
}

type Tag = NonNullable<StructField['tag']>;

function resolve(layout: StructLayout, path: string): Target {
  const parts = /^[A-Za-z_][A-Za-z0-9_]*(?:\[\d+\]|\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(path.trim()) ? path.trim().match(/[A-Za-z_][A-Za-z0-9_]*|\[\d+\]/g)! : undefined;
  if (!parts) throw new EncodeError(`"${path}" is not a field path (write e.g. port, inner.x or values[2])`);
  let type: CType = { kind: 'struct', layout };
  let offset = 0;
  let name = '';
  let walked = '';
  let bits: Target['bits'];
  const chooses: Target['chooses'] = [];
  /** A tagged union just named: the member named next is the one its tag must choose. */
  let awaiting: { tag: Tag; parent: StructLayout; base: number; here: string } | undefined;
  for (const part of parts) {
    if (bits) throw new EncodeError(`${walked} is a bit field; "${path}" goes past it`);
    if (part.startsWith('[')) {
      const index = Number(part.slice(1, -1));
      if (type.kind !== 'array') throw new EncodeError(`${walked} is ${typeName(type)}, not an array, in "${path}"`);
      if (index >= type.length) throw new EncodeError(`${walked}${part} is out of range: ${walked} has ${type.length} elements (0 to ${type.length - 1})`);
      offset += index * sizeOf(type.element);
      type = type.element;
      walked += part;
      continue;
    }
    if (type.kind !== 'struct') throw new EncodeError(`${walked} is ${typeName(type)}, not a struct, in "${path}"`);
    const parent: StructLayout = type.layout;
    const found = memberNamed(parent, part);
    if (!found) {
      const where = walked ? `${walked} (${parent.name})` : parent.name;
      throw new EncodeError(`${where} has no field "${part}"; its fields are ${memberNames(parent).join(', ')}`);
    }
    if (awaiting) chooseCase(awaiting, found.via.length ? undefined : part, chooses);
    awaiting = undefined;
    // An anonymous tagged union on the way: the next member on the path is the one chosen.
    const steps = [...found.via, found.field];
    let at = offset;
    for (const [k, step] of steps.entries()) {
      if (step.tag && k < steps.length - 1) chooseCase({ tag: step.tag, parent: k === 0 ? parent : (steps[k - 1].type as CType & { kind: 'struct' }).layout, base: at, here: walked }, steps[k + 1].name || undefined, chooses);
      at += step.offset;
    }
    if (found.field.tag) awaiting = { tag: found.field.tag, parent: found.via.length ? (found.via[found.via.length - 1].type as CType & { kind: 'struct' }).layout : parent, base: offset + found.offset - found.field.offset, here: walked };
    offset += found.offset;
    type = found.field.type;
    name = part;
    walked += walked ? `.${part}` : part;
    bits = found.field.bits;
  }
  return { path: walked, name, type, offset, ...(bits ? { bits } : {}), chooses };
}

/** Records that `member` of a union tagged by `tag` (a union in `parent`, which starts at `base`) is being set. */
function chooseCase(where: { tag: Tag; parent: StructLayout; base: number; here: string }, member: string | undefined, chooses: Target['chooses']): void {
  const chosen = where.tag.cases.find((c) => c.member === member);
  const selector = memberNamed(where.parent, where.tag.field);
  if (!chosen || !selector) return;
  const path = where.here ? `${where.here}.${where.tag.field}` : where.tag.field;
  chooses.push({
    tag: { path, name: where.tag.field, type: selector.field.type, offset: where.base + selector.offset, ...(selector.field.bits ? { bits: selector.field.bits } : {}), chooses: [] },
    value: chosen.value,
  });
}

/** Writes a number into a target (a tag set because a member it chooses was). */
function writeTarget(view: DataView, bytes: Uint8Array, target: Target, value: bigint): void {
  if (target.bits) writeBits(bytes, target, value);
  else writeInteger(view, target.type, target.offset, value);
}

function write(view: DataView, bytes: Uint8Array, target: Target, text: string): void {
  const { type, offset, path } = target;
  if (type.kind === 'struct') {
    throw new EncodeError(`${path} is ${type.layout.union ? 'union' : 'struct'} ${typeName(type)}; set its fields one by one, e.g. ${path}.${memberNames(type.layout)[0]}=...`);
  }
  if (type.kind === 'array') {
    writeArray(view, bytes, target, type.element, type.length, text);
    return;
  }
  if (target.bits) {
    writeBits(bytes, target, parseBits(type, target.bits.width, text, path));
    return;
  }
  if (type.kind === 'primitive' && type.prim.style !== 'pointer' && isIpFieldName(target.name) && SCALAR_SIZE[type.prim.scalar] === 4) {
    const quad = parseDottedQuad(text);
    if (quad) {
      bytes.set(quad, offset);
      return;
    }
  }
  writeInteger(view, type, offset, parseScalar(type, text, path));
}

function writeArray(view: DataView, bytes: Uint8Array, target: Target, element: CType, length: number, text: string): void {
  const { path, offset } = target;
  const style = element.kind === 'primitive' ? element.prim.style : undefined;
  if (style === 'char') {
    const encoded = encodeCharString(text, path);
    if (encoded.length > length - 1) throw new EncodeError(`${path} holds at most ${length - 1} bytes plus NUL; "${text}" is ${encoded.length} bytes`);
    bytes.set(encoded, offset);
    return;
  }
  if (style === 'wchar') {
    if (text.length > length - 1) throw new EncodeError(`${path} holds at most ${length - 1} UTF-16 code units plus NUL; "${text}" has ${text.length}`);
    for (let k = 0; k < text.length; k++) view.setUint16(offset + 2 * k, text.charCodeAt(k), true);
    return;
  }
  if (style === 'byte') {
    const quad = length === 4 && isIpFieldName(target.name) ? parseDottedQuad(text) : undefined;
    const data = quad ?? parseHexBytes(text, path);
    if (data.length > length) throw new EncodeError(`${path} holds ${length} bytes; ${data.length} were given`);
    bytes.set(data, offset);
    return;
  }
  if (element.kind === 'struct' || element.kind === 'array') {
    throw new EncodeError(`${path} is ${typeName(target.type)}; set its elements one by one, e.g. ${path}[0]${element.kind === 'struct' ? `.${element.layout.fields[0].name}` : '[0]'}=...`);
  }
  const items = text.split(',').map((s) => s.trim());
  if (items.length > length) throw new EncodeError(`${path} holds ${length} elements; ${items.length} were given`);
  const size = sizeOf(element);
  items.forEach((item, k) => writeInteger(view, element, offset + k * size, parseScalar(element, item, `${path}[${k}]`)));
}

/** char strings as UTF-8 (what the char decoder reads back first); ASCII is the same in every code page. */
function encodeCharString(text: string, path: string): Uint8Array {
  if (text.includes('\0')) throw new EncodeError(`${path}: a string cannot contain NUL`);
  return new TextEncoder().encode(text);
}

function parseHexBytes(text: string, path: string): Uint8Array {
  try {
    return parseHex(text);
  } catch (err) {
    throw new EncodeError(`${path} takes hex bytes like "de ad be ef": ${errorMessage(err)}`);
  }
}

/** The scalar a text stands for, as a bigint (integers) or number (floats); range-checked. */
function parseScalar(type: CType, text: string, path: string): bigint | number {
  const value = text.trim();
  if (type.kind === 'enum') {
    const member = type.members.find((m) => m.name === value);
    if (member) return member.value;
    const n = parseSignedInteger(value);
    if (n === undefined) throw new EncodeError(`${path} is enum ${type.name}: use one of ${type.members.map((m) => m.name).join(', ')} or a number, got "${text}"`);
    return checkRange(n, type.base, path, text);
  }
  if (type.kind !== 'primitive') throw new EncodeError(`${path} is ${typeName(type)} and cannot be set from "${text}"`);
  const prim = type.prim;
  if (!isInteger(prim.scalar)) {
    const n = Number(value);
    if (value === '' || (Number.isNaN(n) && value !== 'NaN')) throw new EncodeError(`${path} is ${prim.name} and takes a number, got "${text}"`);
    return n;
  }
  if (prim.style === 'bool') {
    if (/^(true|yes)$/i.test(value)) return 1n;
    if (/^(false|no)$/i.test(value)) return 0n;
  }
  if ((prim.style === 'char' || prim.style === 'wchar') && [...value].length === 1 && !/^[0-9]$/.test(value)) {
    const cp = value.codePointAt(0)!;
    const code = prim.style === 'char' ? windows1252Byte(cp) : cp <= 0xffff ? cp : undefined;
    if (code === undefined) throw new EncodeError(`${path} is ${prim.name}; "${value}" does not fit in one`);
    return BigInt(code);
  }
  const n = parseSignedInteger(value);
  if (n === undefined) {
    const hint = prim.style === 'bool' ? ' (or TRUE/FALSE)' : isIpFieldName(path.replace(/.*[.\]]/, '')) ? ' (or a dotted IPv4 address)' : '';
    throw new EncodeError(`${path} is ${prim.name} and takes a whole number${hint}, got "${text}"`);
  }
  return checkRange(n, prim, path, text);
}

/** A bit field's value: an enum name, TRUE/FALSE or a number that fits its width (signed types sign-extend). */
function parseBits(type: CType, width: number, text: string, path: string): bigint {
  const value = text.trim();
  const prim = type.kind === 'enum' ? type.base : (type as CType & { kind: 'primitive' }).prim;
  const member = type.kind === 'enum' ? type.members.find((m) => m.name === value) : undefined;
  const bool = prim.style === 'bool' ? (/^(true|yes)$/i.test(value) ? 1n : /^(false|no)$/i.test(value) ? 0n : undefined) : undefined;
  const n = member?.value ?? bool ?? parseSignedInteger(value);
  const signed = isSigned(prim.scalar);
  const [min, max] = signed ? [-(1n << BigInt(width - 1)), (1n << BigInt(width)) - 1n] : [0n, (1n << BigInt(width)) - 1n];
  const shown = `${typeName(type)} : ${width}`;
  if (n === undefined) throw new EncodeError(`${path} is a bit field (${shown}) and takes a whole number${type.kind === 'enum' ? ` or one of ${type.members.map((m) => m.name).join(', ')}` : ''}, got "${text}"`);
  if (n < min || n > max) throw new EncodeError(`${path} is a bit field (${shown}): ${signed ? `${min} to ${(1n << BigInt(width - 1)) - 1n} (or 0 to ${max})` : `0 to ${max}`}, "${text}" is out of range`);
  return n;
}

/** Writes a bit field's bits, leaving the others of its bytes as they are. */
function writeBits(bytes: Uint8Array, target: Target, value: bigint): void {
  const { position, width } = target.bits!;
  const count = bitFieldBytes(position, width);
  let unit = 0n;
  for (let k = count - 1; k >= 0; k--) unit = (unit << 8n) | BigInt(bytes[target.offset + k]);
  const mask = ((1n << BigInt(width)) - 1n) << BigInt(position);
  unit = (unit & ~mask) | ((BigInt.asUintN(width, value) << BigInt(position)) & mask);
  for (let k = 0; k < count; k++) bytes[target.offset + k] = Number((unit >> BigInt(8 * k)) & 0xffn);
}

function parseSignedInteger(text: string): bigint | undefined {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text.replace(/^\+/, '');
  // Decimal or 0x hex; a leading zero is not octal here (people type 010 meaning ten).
  const n = /^(0[xX][0-9A-Fa-f]+|\d+)$/.test(body) ? BigInt(body) : undefined;
  return n === undefined ? undefined : negative ? -n : n;
}

/** Signed fields also take the unsigned spelling of their bits (0xffffffff for -1 in a LONG). */
function checkRange(n: bigint, prim: Primitive, path: string, text: string): bigint {
  const bits = BigInt(SCALAR_SIZE[prim.scalar] * 8);
  const min = isSigned(prim.scalar) ? -(1n << (bits - 1n)) : 0n;
  const max = (1n << bits) - 1n;
  if (n < min || n > max) {
    const shown = isSigned(prim.scalar) ? `${min} to ${(1n << (bits - 1n)) - 1n} (or 0 to 0x${max.toString(16)})` : `0 to ${max}`;
    throw new EncodeError(`${path} is ${prim.name} (${shown}), "${text}" is out of range`);
  }
  return n;
}

function writeInteger(view: DataView, type: CType, offset: number, value: bigint | number): void {
  const prim = type.kind === 'enum' ? type.base : type.kind === 'primitive' ? type.prim : undefined;
  if (!prim) throw new EncodeError(`cannot write a number into ${typeName(type)}`);
  if (typeof value === 'number') {
    if (prim.scalar === 'f32') view.setFloat32(offset, value, true);
    else view.setFloat64(offset, value, true);
    return;
  }
  const size = SCALAR_SIZE[prim.scalar];
  const bits = BigInt.asUintN(size * 8, value);
  if (size === 8) view.setBigUint64(offset, bits, true);
  else if (size === 4) view.setUint32(offset, Number(bits), true);
  else if (size === 2) view.setUint16(offset, Number(bits), true);
  else view.setUint8(offset, Number(bits));
}
