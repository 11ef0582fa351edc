/** `slotpipe decode`: decode bytes given on the command line or in a file, as text, hex or a C struct. */
import { once } from 'node:events';
import {
  decode, decodeElements, ELEMENTS_PER_REQUEST, FIRST_ELEMENTS, HeaderError, headerText, hexDump, hexDumpLines, memberNamed, parseDecoderChoice, StructRegistry, structOf,
  type DecodedField, type DecodedView, type DecoderChoice, type StructField, type StructLayout,
} from '../decode/index';
import { parseArch, type Arch } from '../core/arch';
import { diskHeaderFiles } from '../header-thread/disk-header-files';
import { describeCaptureDatagram, readCapture, type CaptureResult } from '../netbios/pcap-datagrams';
import { openFileSource, type FileSource } from '../files/file-source';
import { fileUsageError, hexOption, parse, UsageError } from './args';
import { FILE_INPUT_LIMIT, readRegularFile, sizeText } from '../files/regular-file';
import { isPcapFile } from '../capture/capture-import';
import { readRecordFile } from '../capture/record-reader';
import { describePeer } from '../core/peer-text';
import type { Command } from './command';
import { quoteInput } from '../core/quote';
import { errorMessage } from '../core/error-message';

/** Where headers' `#include`s are looked for and the target the structs are laid out for. */
export interface HeaderOptions {
  includeDirs?: string[];
  arch?: Arch;
  /** `--define NAME` or `NAME=VALUE`, as a compiler's `/D`. */
  defines?: string[];
}

/** `--arch` as typed: x64 (default), x86 or arm64. */
export function archOption(value: string | undefined): Arch {
  try {
    return parseArch(value ?? 'x64');
  } catch (err) {
    throw new UsageError(`--arch: ${errorMessage(err)}`);
  }
}

/**
 * The built-in structs plus those in the given header files, in order (later headers see earlier
 * ones' constants and types), for the target; `#include "x.h"` is looked for beside the including
 * file, then in the include folders. Throws a UsageError naming the file: unreadable, or
 * file:line:column of the first problem in it. `note` receives declarations that were skipped.
 */
export function loadStructRegistry(headerFiles: string[], note?: (line: string) => void, options: HeaderOptions = {}): StructRegistry {
  const registry = StructRegistry.withBuiltins(options.arch);
  try {
    registry.define(options.defines ?? []);
  } catch (err) {
    throw new UsageError(`--define: ${errorMessage(err)}`);
  }
  const files = diskHeaderFiles(options.includeDirs ?? []);
  for (const file of headerFiles) {
    let source: string;
    try {
      source = headerText(readRegularFile(file));
    } catch (err) {
      throw fileUsageError('header', file, err);
    }
    try {
      const summary = registry.addHeader(file, source, files);
      for (const skipped of summary.skipped) note?.(`skipped ${skipped}`);
    } catch (err) {
      if (err instanceof HeaderError) throw new UsageError(`--header ${err.message}`, { cause: err });
      throw err;
    }
  }
  return registry;
}

/** `--decode` as typed, checked against the registry; a usage error names what is accepted. */
export function decoderOption(value: string | undefined, registry: StructRegistry): DecoderChoice {
  let choice: DecoderChoice;
  try {
    choice = parseDecoderChoice(value ?? 'auto');
  } catch (err) {
    throw new UsageError(`--decode: ${errorMessage(err)}`);
  }
  const name = structOf(choice);
  if (name !== undefined && !registry.get(name)) {
    throw new UsageError(`--decode ${value}: no struct named ${name}; known: ${registry.names().join(', ')} (add its header with --header FILE)`);
  }
  return choice;
}

/** One message to decode, with a label when an input yields several. */
export interface InputMessage {
  label?: string;
  bytes: Uint8Array;
  /** Where the message came from (a capture's datagram), added to its JSON form. */
  details?: Record<string, unknown>;
}

/** The ways to give bytes; exactly one is used. Add an entry (and its option) for a new input. */
const inputs: { option: string; read(value: string): Promise<InputMessage[]> }[] = [
  { option: 'hex', read: async (value) => [{ bytes: hexOption(value, 'hex') }] },
  {
    option: 'file',
    read: async (file) => {
      try {
        return [{ bytes: readRegularFile(file) }];
      } catch (err) {
        throw fileUsageError('file', file, err);
      }
    },
  },
  { option: 'capture', read: (file) => captureInput(file, 'capture') },
  // The older name of --capture, for pcap files.
  { option: 'pcap', read: (file) => captureInput(file, 'pcap') },
];

/** Every message of a capture: a JSON Lines file of message records, or the mailslot datagrams of a pcap/pcapng file. */
async function captureInput(file: string, option: string): Promise<InputMessage[]> {
  let pcap: boolean;
  try {
    pcap = await isPcapFile(file);
  } catch (err) {
    throw fileUsageError(option, file, err);
  }
  return pcap ? pcapInput(file, option) : recordInput(file, option);
}

async function recordInput(file: string, option: string): Promise<InputMessage[]> {
  let read: Awaited<ReturnType<typeof readRecordFile>>;
  try {
    read = await readRecordFile(file);
  } catch (err) {
    throw new UsageError(`--${option} ${errorMessage(err)}`);
  }
  for (const problem of read.problems) console.error(`slotpipe: ${file}: ${problem}`);
  return read.messages.map(({ endpoint, raw }, i) => {
    const details = { time: new Date(raw.time).toISOString(), endpoint, direction: raw.direction, ...(raw.peer ? { peer: raw.peer } : {}) };
    const peer = raw.peer ? ` [${describePeer(raw.peer)}]` : '';
    return { label: `message ${i + 1}: ${details.time} ${raw.direction === 'in' ? '<-' : '->'} ${endpoint}${peer} ${raw.bytes.length} B`, details, bytes: raw.bytes };
  });
}

/** Every mailslot datagram in a pcap/pcapng file; what the file could not give is reported on stderr. */
function pcapInput(file: string, option: string): InputMessage[] {
  let source: FileSource;
  try {
    source = openFileSource(file);
  } catch (err) {
    throw fileUsageError(option, file, err);
  }
  let capture: CaptureResult;
  try {
    capture = readCapture(source);
  } finally {
    source.close();
  }
  if (capture.format === 'unknown') throw new UsageError(`--${option} ${file}: ${capture.problems[0]?.message ?? 'not a capture file'}`);
  for (const p of capture.problems) console.error(`slotpipe: ${file}: ${p.packet ? `packet ${p.packet}: ` : ''}${p.message}`);
  if (!capture.datagrams.length) console.error(`slotpipe: ${file}: no mailslot datagrams (UDP 138) among its ${capture.packets} packets`);
  return capture.datagrams.map((d) => ({ ...describeCaptureDatagram(d), bytes: d.data }));
}

function readInput(values: Record<string, unknown>): Promise<InputMessage[]> {
  const given = inputs.filter((i) => values[i.option] !== undefined);
  const names = inputs.map((i) => `--${i.option}`).join(' or ');
  if (given.length === 0) throw new UsageError(`decode: give the bytes with ${names}`);
  if (given.length > 1) throw new UsageError(`decode: give only one of ${names}`);
  return given[0].read(values[given[0].option] as string);
}

/** The JSON form: `{decoder, reason, fields}` for structs, `{decoder, reason, text}` for text, the dump for hex. */
export function viewJson(view: DecodedView, bytes: Uint8Array): Record<string, unknown> {
  const out: Record<string, unknown> = { decoder: view.decoder, reason: view.reason };
  if (view.fields) out.fields = view.fields.map(fieldJson);
  else if (view.decoder === 'hex') out.hex = hexDump(bytes);
  else {
    out.text = view.text;
    out.nulTerminated = view.nulTerminated;
  }
  if (view.problems.length) out.problems = view.problems;
  return out;
}

/** A field as JSON; an array decoded only in part says how many elements it has (`elements`). */
function fieldJson({ name, type, offset, size, bits, value, display, elements }: DecodedField): Record<string, unknown> {
  return { name, type, offset, size, ...(bits ? { bits } : {}), value, display, ...(elements !== undefined ? { elements } : {}) };
}

/** Fields as an aligned table, one a line. */
function fieldLines(fields: DecodedField[]): string[] {
  const rows = fields.map((f) => [`+${f.offset}${f.bits ? `.${f.bits.position}` : ''}`, f.name, f.type, f.display]);
  const widths = [0, 1, 2].map((c) => rows.reduce((w, r) => Math.max(w, r[c].length), 0));
  return rows.map((r) => `  ${r[0].padStart(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}`);
}

/** The text form, line by line: a header line, then a field table, the whole text, or the whole hex dump; problems last. */
export function* viewLines(view: DecodedView, bytes: Uint8Array): Generator<string> {
  yield `${view.decoder}: ${view.reason}`;
  if (view.fields) yield* fieldLines(view.fields);
  else if (view.decoder === 'hex') yield* hexDumpLines(bytes);
  else yield (view.text ?? '') + (view.nulTerminated ? '\\0' : '');
  for (const p of view.problems) yield `! ${p}`;
}

export function viewText(view: DecodedView, bytes: Uint8Array): string {
  return [...viewLines(view, bytes)].join('\n');
}

/** Writes lines to stdout a block at a time, waiting while the reader is behind (a long dump never piles up in memory). */
async function writeLines(lines: Iterable<string>): Promise<void> {
  let block: string[] = [];
  const flush = async () => {
    if (!process.stdout.write(block.join('\n') + '\n')) await once(process.stdout, 'drain');
    block = [];
  };
  for (const line of lines) {
    block.push(line);
    if (block.length === 4096) await flush();
  }
  if (block.length) await flush();
}

/**
 * `--elements PATH`: which array and which of its elements, e.g. `a[100:200]`, `grid[3][0:64]`,
 * `hdr.items[5:]` or `items` (from the first); at most ELEMENTS_PER_REQUEST at a time.
 */
export function elementsOption(text: string, layout: StructLayout): { path: number[]; start: number; count: number } {
  const bad = (why: string) => new UsageError(`--elements ${text}: ${why}`);
  const path: number[] = [];
  let within: StructLayout | undefined = layout;
  let type: StructLayout['fields'][number]['type'] | undefined;
  let range = { start: 0, count: ELEMENTS_PER_REQUEST };
  const parts = /^[A-Za-z_][A-Za-z0-9_]*(?:\[\d+\])*(?:\[\d+:\d*\])?(?:\.[A-Za-z_][A-Za-z0-9_]*(?:\[\d+\])*(?:\[\d+:\d*\])?)*$/.test(text)
    ? text.match(/[A-Za-z_][A-Za-z0-9_]*|\[\d+(?::\d*)?\]/g)!
    : undefined;
  if (!parts) throw bad('expected a field path such as items[100:200] or grid[3][0:64]');
  for (const [k, part] of parts.entries()) {
    if (!part.startsWith('[')) {
      // Through anonymous structs and unions too, as C reads `msg.items` of `union { struct { … items[N]; }; }`.
      const found: ReturnType<typeof memberNamed> = within ? memberNamed(within, part) : undefined;
      if (!within || !found) throw bad(`no member ${part} there`);
      let inner: readonly StructField[] = within.fields;
      for (const step of [...found.via, found.field]) {
        path.push(inner.indexOf(step));
        inner = step.type.kind === 'struct' ? step.type.layout.fields : [];
      }
      type = found.field.type;
    } else if (type?.kind !== 'array') {
      throw bad(`${part} follows something that is not an array`);
    } else if (part.includes(':')) {
      if (k !== parts.length - 1) throw bad('a range [from:to] can only come last');
      const [from, to] = part.slice(1, -1).split(':');
      const start = Number(from);
      const end = to === '' ? type.length : Math.min(Number(to), type.length);
      if (end <= start) throw bad(`the range ${part} is empty (the array has ${type.length} elements)`);
      range = { start, count: Math.min(end - start, ELEMENTS_PER_REQUEST) };
      break;
    } else {
      const index = Number(part.slice(1, -1));
      if (index >= type.length) throw bad(`index ${index} is past the end (the array has ${type.length} elements)`);
      path.push(index);
      type = type.element;
    }
    within = type.kind === 'struct' ? type.layout : undefined;
  }
  if (type?.kind !== 'array') throw bad('it names something that is not an array');
  return { path, ...range };
}

const usage = `Usage: slotpipe decode [--decode auto|text|utf16|ansi|hex|struct:NAME] [--header FILE ...]
                      [--include-dir DIR ...] [--arch x64|x86|arm64] [--define NAME[=VALUE] ...]
                      (--hex HEX | --file FILE | --capture FILE) [--json]

Decodes one message the way the watcher shows it.
  --decode D     auto (default): a struct whose magic and size match, else UTF-16LE if it clearly
                 is, else printable text, else hex. text = UTF-8, utf16 = UTF-16LE, ansi =
                 Windows-1252, hex = a hex dump, struct:NAME = a struct from a header or built in
                 (MS_MESSAGE, GUID, FILETIME, SYSTEMTIME, LARGE_INTEGER, POINT, RECT, ...).
  --header FILE  a C header with structs, unions, bit fields, enums, #define, #include and
                 #pragma pack (repeatable).
  --include-dir DIR  where #include "x.h" is looked for after the including file's folder
                 (repeatable); <windows.h> and the other SDK headers need none.
  --arch A       the target the sender was built for: x64 (default), x86 (4-byte pointers,
                 SIZE_T, HANDLE) or arm64.
  --define NAME[=VALUE]  a macro defined before the headers, as the compiler's /D (repeatable),
                 e.g. --define UNICODE (TCHAR is then WCHAR).
  --hex HEX      the bytes, e.g. "dd cc bb aa 31 30 ..." (spaces, commas and 0x are fine).
  --file FILE    the bytes of a regular file of at most ${sizeText(FILE_INPUT_LIMIT)} (not a device or FIFO).
  --capture FILE every message of a capture: a .jsonl file (Slotpipe's capture file, Export
                 Capture, or what \`slotpipe watch --json\` printed), or every mailslot datagram (UDP
                 138) of a .pcap/.pcapng file, each with its time, source, NetBIOS names and
                 mailslot; browser announcements are named too. --pcap FILE is the same.
  --elements PATH  with struct:NAME: elements of one array instead of the whole struct, e.g.
                 items[100:200], grid[3][0:64] or hdr.items (at most ${ELEMENTS_PER_REQUEST} at a time).
                 Otherwise a large array shows its first ${FIRST_ELEMENTS} elements ("elements" in JSON
                 gives how many it has).
  --json         one JSON object per message: {decoder, reason, fields: [{name, type, offset,
                 size, value, display}]} for structs, {decoder, reason, text} for text.`;

export const decodeCommand: Command = {
  name: 'decode',
  summary: 'decode bytes as text, hex or a C struct from a header',
  usage,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      {
        decode: { type: 'string' },
        header: { type: 'string', multiple: true },
        'include-dir': { type: 'string', multiple: true },
        arch: { type: 'string' },
        define: { type: 'string', multiple: true },
        hex: { type: 'string' },
        file: { type: 'string' },
        capture: { type: 'string' },
        pcap: { type: 'string' },
        elements: { type: 'string' },
        json: { type: 'boolean' },
      },
      'decode',
    );
    if (positionals.length) throw new UsageError(`decode: unexpected argument ${quoteInput(positionals[0])} (give the bytes with --hex, --file or --capture)`);
    const registry = loadStructRegistry(values.header ?? [], (line) => console.error(`slotpipe: ${line}`), { includeDirs: values['include-dir'], arch: archOption(values.arch), defines: values.define });
    const choice = decoderOption(values.decode, registry);
    const structName = structOf(choice);
    if (values.elements !== undefined && structName === undefined) throw new UsageError('--elements needs --decode struct:NAME');
    const elements = values.elements !== undefined ? elementsOption(values.elements, registry.get(structName!)!) : undefined;
    for (const message of await readInput(values)) {
      const head = message.label ? [message.label] : [];
      if (elements) {
        const fields = decodeElements(message.bytes, registry.get(structName!)!, elements.path, elements.start, elements.count);
        if (values.json) console.log(JSON.stringify({ ...(message.label ? { label: message.label, ...message.details } : {}), elements: fields.map(fieldJson) }));
        else await writeLines([...head, `${values.elements}: ${fields.length} element${fields.length === 1 ? '' : 's'}`, ...fieldLines(fields)]);
        continue;
      }
      const view = decode(message.bytes, choice, registry);
      if (values.json) console.log(JSON.stringify({ ...(message.label ? { label: message.label, ...message.details } : {}), ...viewJson(view, message.bytes) }));
      else await writeLines((function* () {
        yield* head;
        yield* viewLines(view, message.bytes);
      })());
    }
    return 0;
  },
};
