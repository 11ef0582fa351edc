/** The bytes to send, from exactly one of: TEXT, --hex, --file, --struct (with --set). */
import { encodeStruct, type StructRegistry } from '../decode/index';
import { UsageError, fileUsageError, hexOption, type Options } from './args';
import { readRegularFile } from '../files/regular-file';
import { quoteInput } from '../core/quote';
import { errorMessage } from '../core/error-message';

export const payloadOptions = {
  hex: { type: 'string' },
  file: { type: 'string' },
  utf16: { type: 'boolean' },
  nul: { type: 'boolean' },
  struct: { type: 'string' },
  set: { type: 'string', multiple: true },
} satisfies Options;

export interface PayloadValues {
  hex?: string;
  file?: string;
  utf16?: boolean;
  nul?: boolean;
  struct?: string;
  set?: string[];
}

export function buildPayload(text: string | undefined, values: PayloadValues, registry: StructRegistry): Uint8Array {
  const sources = [text !== undefined && 'TEXT', values.hex !== undefined && '--hex', values.file !== undefined && '--file', values.struct !== undefined && '--struct'].filter(Boolean);
  if (sources.length !== 1) {
    throw new UsageError(sources.length ? `give one payload, not ${sources.join(' and ')}` : 'give a payload: TEXT, --hex HEX, --file FILE or --struct NAME');
  }
  if (values.set && values.struct === undefined) throw new UsageError('--set goes with --struct NAME');
  if ((values.utf16 || values.nul) && text === undefined) throw new UsageError('--utf16 and --nul apply to a TEXT payload');
  if (text !== undefined) return textPayload(text, values.utf16 ?? false, values.nul ?? false);
  if (values.hex !== undefined) return hexOption(values.hex, 'hex');
  if (values.file !== undefined) {
    try {
      return readRegularFile(values.file);
    } catch (err) {
      throw fileUsageError('file', values.file, err);
    }
  }
  return structPayload(values.struct!, values.set ?? [], registry);
}

/** UTF-8 or UTF-16LE; `nul` adds the terminator C programs such as the seed's send (strlen + 1 bytes). */
function textPayload(text: string, utf16: boolean, nul: boolean): Uint8Array {
  if (!utf16) return new TextEncoder().encode(nul ? `${text}\0` : text);
  const units = text.length + (nul ? 1 : 0);
  const bytes = new Uint8Array(units * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < text.length; i++) view.setUint16(i * 2, text.charCodeAt(i), true);
  return bytes;
}

function structPayload(name: string, assignments: string[], registry: StructRegistry): Uint8Array {
  const layout = registry.get(name);
  if (!layout) throw new UsageError(`--struct ${name}: no such struct (known: ${registry.names().join(', ')}); add its header with --header FILE`);
  const values: Record<string, string> = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set ${quoteInput(assignment)}: write it as field=value`);
    values[assignment.slice(0, eq).trim()] = assignment.slice(eq + 1);
  }
  try {
    return encodeStruct(layout, values);
  } catch (err) {
    throw new UsageError(`--struct ${name}: ${errorMessage(err)}`);
  }
}
