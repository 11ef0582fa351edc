/** Options shared by the commands that open an endpoint: the backend choice and how to decode what is printed. */
import { parseEndpoint, EndpointError, type Endpoint, type EndpointKind } from '../core/endpoint';
import { parseDecoderChoice, type DecoderChoice } from '../decode/index';
import type { BackendChoice } from '../backends';
import { UsageError, integerOption, type Options } from './args';
import { archOption, loadStructRegistry } from './decode';
import type { PrintOptions } from './printer';
import { errorMessage } from '../core/error-message';

export const printOptions = {
  decode: { type: 'string' },
  header: { type: 'string', multiple: true },
  'include-dir': { type: 'string', multiple: true },
  arch: { type: 'string' },
  define: { type: 'string', multiple: true },
  json: { type: 'boolean' },
} satisfies Options;

/** `--pairs`: print request/reply pairs instead of messages (see TrafficPrinter). */
export const pairsOption = {
  pairs: { type: 'boolean' },
} satisfies Options;

export const netbiosOptions = {
  netbios: { type: 'boolean' },
  port: { type: 'string' },
} satisfies Options;

export function endpointArgument(positionals: string[], command: string, defaultKind?: EndpointKind): Endpoint {
  const [text] = positionals;
  if (!text) throw new UsageError(`${command}: name an endpoint, e.g. \\\\.\\mailslot\\sms or \\\\.\\pipe\\ssnp`);
  try {
    return parseEndpoint(text, defaultKind);
  } catch (err) {
    if (err instanceof EndpointError) throw new UsageError(err.message);
    throw err;
  }
}

/** Help lines for the header options every endpoint command takes. */
export const HEADER_OPTIONS_HELP = `  --include-dir DIR      where #include "x.h" in a header is looked for (repeatable)
  --arch x64|x86|arm64   the target the peer was built for: struct layouts use its pointer size (default x64)
  --define NAME[=VALUE]  a macro defined before the headers, as the compiler's /D (e.g. UNICODE; repeatable)`;

export function printSettings(values: { decode?: string; header?: string[]; 'include-dir'?: string[]; arch?: string; define?: string[]; json?: boolean; pairs?: boolean }, defaultDecoder: DecoderChoice = 'auto'): PrintOptions {
  let decoder: DecoderChoice = defaultDecoder;
  if (values.decode !== undefined) {
    try {
      decoder = parseDecoderChoice(values.decode);
    } catch (err) {
      throw new UsageError(`--decode: ${errorMessage(err)}`);
    }
  }
  const registry = loadStructRegistry(values.header ?? [], undefined, { includeDirs: values['include-dir'], arch: archOption(values.arch), defines: values.define });
  if (decoder.startsWith('struct:') && !registry.get(decoder.slice('struct:'.length))) {
    throw new UsageError(`--decode ${decoder}: no struct named "${decoder.slice(7)}" (known: ${registry.names().join(', ')}); add its header with --header FILE`);
  }
  return { json: values.json ?? false, decoder, registry, pairs: values.pairs ?? false };
}

export function backendChoice(values: { netbios?: boolean }): BackendChoice {
  return { netbios: values.netbios ?? false };
}

/** The UDP port for NetBIOS datagrams, checked. */
export function portOption(value: string | undefined, option = 'port'): number | undefined {
  return integerOption(value, option, 1, 65535);
}
