/** The "copy as" formats for a message's bytes. */
import { hexRows, type DecodedField } from '../extension/decode/index';

/** `aa bb cc`, sixteen bytes a line. */
export function bytesAsHex(bytes: Uint8Array): string {
  return hexRows(bytes, 16).map((row) => row.hex).join('\n');
}

/** A C array declaration that compiles, twelve bytes a line. */
export function bytesAsCArray(bytes: Uint8Array, name: string): string {
  const identifier = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=[0-9])/, '_') || 'message';
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 12) {
    lines.push('    ' + Array.from(bytes.subarray(i, i + 12), (b) => `0x${b.toString(16).padStart(2, '0')}`).join(', '));
  }
  return `const unsigned char ${identifier}[${bytes.length}] = {\n${lines.join(',\n')}\n};`;
}

/** A decoded struct as text, one field a line (nested fields indented): `0x0004  ipStr  char[20]  "10.0.0.21"`. */
export function fieldsAsText(fields: readonly DecodedField[], depth = 0): string {
  return fields
    .flatMap((field) => [
      `0x${field.offset.toString(16).padStart(4, '0')}  ${'  '.repeat(depth)}${field.name}  ${field.type}  ${field.display}`,
      ...(field.children?.length ? [fieldsAsText(field.children, depth + 1)] : []),
    ])
    .join('\n');
}
