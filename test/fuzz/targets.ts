/**
 * What the coverage-guided fuzzer feeds, and what must hold for any input (the oracle). An input whose
 * run throws is a crash: the decoders promise never to throw (NetBIOS, pcap), the header parser
 * promises to fail only with a HeaderError located inside the header.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { captureMessages, describeCaptureDatagram, readCapture } from '../../extension/netbios/pcap-datagrams';
import { decodeBrowserMessage } from '../../extension/netbios/browser';
import { decodeMailslotDatagram, type MailslotDatagram } from '../../extension/netbios/mailslot-datagram';
import { decodeNameQueryResponse } from '../../extension/netbios/name-query';
import { decode, HeaderError, StructRegistry } from '../../extension/decode/index';
import { toRecord } from '../../extension/capture/capture-record';
import { MAX_BLOCK, type ByteSource } from '../../extension/netbios/pcap-reader';
import type { Budget } from './budget';

const fixtures = path.resolve(import.meta.dirname, '../fixtures');

export interface FuzzTarget {
  name: string;
  /** The modules whose blocks count as coverage (script URLs). */
  covers: RegExp;
  /** Real inputs the corpus starts from (besides test/fixtures/fuzz-corpus/<name>). */
  seeds(): Uint8Array[];
  dictionary: Uint8Array[];
  maxLength: number;
  /** What one input may cost: more is a crash (unbounded work for a small input). */
  budget: Budget;
  /** Runs one input; throws when the oracle is broken. */
  run(input: Uint8Array): void;
}

function filesIn(folder: string, keep: (name: string) => boolean): Uint8Array[] {
  const dir = path.join(fixtures, folder);
  return fs.readdirSync(dir).filter(keep).sort().map((name) => new Uint8Array(fs.readFileSync(path.join(dir, name))));
}

const ascii = (text: string) => new TextEncoder().encode(text);

function checkDatagram(input: Uint8Array, decoded: MailslotDatagram): void {
  assert.ok(decoded.problems.every((p) => typeof p === 'string' && p.length > 0), 'every problem is a sentence');
  if (decoded.malformed) assert.ok(decoded.problems.length > 0, 'malformed without a reason');
  if (decoded.data.length) {
    assert.equal(decoded.data.buffer, input.buffer, 'the data is a view into the input');
    assert.ok(decoded.data.byteOffset >= input.byteOffset && decoded.data.byteOffset + decoded.data.length <= input.byteOffset + input.length, 'the data lies inside the input');
  }
}

const netbios: FuzzTarget = {
  name: 'netbios',
  covers: /\/extension\/netbios\//,
  seeds: () => filesIn('datagrams', (n) => n.endsWith('.bin')),
  dictionary: [ascii('\xffSMB'), ascii('\\MAILSLOT\\BROWSE\0'), ascii('\\MAILSLOT\\LANMAN\0'), ascii('\\MAILSLOT\\'), Uint8Array.of(0x20, 0x45, 0x45), Uint8Array.of(0xc0, 0x0c)],
  maxLength: 2048,
  budget: { ms: 500, megabytes: 16 },
  run(input) {
    const decoded = decodeMailslotDatagram(input);
    checkDatagram(input, decoded);
    decodeBrowserMessage(decoded.mailslot || '\\MAILSLOT\\BROWSE', decoded.data);
    decodeBrowserMessage('\\MAILSLOT\\LANMAN', input);
    decodeNameQueryResponse(input);
  },
};

const pcap: FuzzTarget = {
  name: 'pcap',
  covers: /\/extension\/netbios\/(pcap-datagrams|pcap-reader|ipv4-udp|link-layer)\.ts/,
  seeds: () => filesIn('pcap', (n) => /\.pcap(ng)?$/.test(n)),
  dictionary: [Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a), Uint8Array.of(0x1a, 0x2b, 0x3c, 0x4d), Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1), Uint8Array.of(0x45, 0x00), Uint8Array.of(0x00, 0x8a, 0x00, 0x8a), Uint8Array.of(0x08, 0x00)],
  maxLength: 32 * 1024,
  budget: { ms: 1000, megabytes: 64 },
  run(input) {
    checkCapture(readCapture(input, { ports: [138, 23732] }));
  },
};

/** The pcap target's oracle: every problem a sentence, datagrams the log and the capture file can take. */
function checkCapture(result: ReturnType<typeof readCapture>): void {
  assert.ok(result.packets >= result.datagrams.length, 'no more datagrams than packets');
  assert.ok(result.problems.every((p) => typeof p.message === 'string' && p.message.length > 0), 'every problem is a sentence');
  for (const d of result.datagrams) {
    checkDatagram(d.wire, d.decoded);
    describeCaptureDatagram(d);
  }
  // What Open Capture File puts in the log must be a message every view and the capture file can take.
  const messages = captureMessages(result);
  assert.equal(messages.length, result.datagrams.length);
  for (const { endpoint, raw } of messages) {
    assert.ok(Number.isFinite(raw.time), `time ${raw.time}`);
    JSON.stringify(toRecord({ ...raw, seq: 1, watcherId: 'fuzz', endpoint, flags: raw.flags ?? 0 }));
  }
}

/** A pcap file's 24-byte header (little-endian, Ethernet), as a sparse file starts. */
const PCAP_HEADER = Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0);

/**
 * The capture reader as a stream: the input is the head of a 1 GB file whose rest is zeros (a sparse
 * file). The reader may only ask for bytes inside the file, never a block over MAX_BLOCK, and must stop
 * after reading about what the input holds, whatever lengths it claims.
 */
const captureStream: FuzzTarget = {
  name: 'capture-stream',
  covers: /\/extension\/netbios\/(pcap-reader|pcap-datagrams)\.ts/,
  seeds: () => [...filesIn('pcap', (n) => /\.pcap(ng)?$/.test(n)), PCAP_HEADER, Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a, 0xff, 0xff, 0xff, 0x0f, 0x4d, 0x3c, 0x2b, 0x1a)],
  dictionary: [Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a), Uint8Array.of(0x1a, 0x2b, 0x3c, 0x4d), Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1), Uint8Array.of(0xff, 0xff, 0xff, 0xff), Uint8Array.of(0, 0, 0, 1), Uint8Array.of(0xfc, 0xff, 0xff, 0)],
  maxLength: 16 * 1024,
  budget: { ms: 1000, megabytes: 64 },
  run(input) {
    const size = 1024 ** 3;
    let read = 0;
    const source: ByteSource = {
      size,
      read(offset, length) {
        assert.ok(Number.isInteger(offset) && Number.isInteger(length) && offset >= 0 && length >= 0 && offset + length <= size, `read ${length} bytes at ${offset} of ${size}`);
        assert.ok(length <= MAX_BLOCK, `a read of ${length} bytes, over MAX_BLOCK`);
        read += length;
        const out = new Uint8Array(length);
        if (offset < input.length) out.set(input.subarray(offset, offset + length));
        return out;
      },
    };
    const result = readCapture(source, { ports: [138, 23732] });
    assert.ok(read <= 2 * input.length + MAX_BLOCK + 64, `read ${read} bytes for a ${input.length}-byte input`);
    assert.ok(result.problems.length > 0, 'a file that ends in zeros says where its packets end');
    checkCapture(result);
  },
};

const header: FuzzTarget = {
  name: 'header',
  covers: /\/extension\/decode\/(header-parser|c-lexer|conditional-inclusion|includes|constant-expression|layout|bits|tags|magic|registry|struct-decode|sdk-display|same-layout)\.ts/,
  seeds: () => [...filesIn('headers', (n) => n.endsWith('.h')), ...filesIn(path.join('..', 'decode'), (n) => n.endsWith('.h'))],
  dictionary: ['typedef ', 'struct ', 'union ', 'enum ', ': 0;', '// tag: a\n', '// when: 1\n', '#include "x.h"\n', '#include <windows.h>\n', 'LARGE_INTEGER ', 'FILETIME ', '#pragma pack(push, 1)\n', '#pragma pack(pop)\n', '#define N 4\n', '#if N > 2\n', '#else\n', '#endif\n', '[N]', ':3', 'DWORD ', 'char ', '*', '{', '}', ';', '0x7fffffff', '-1', "'\\x41'", '/* */', '\\\n', 'sizeof(DWORD)', 'unsigned long long ']
    .map(ascii),
  maxLength: 8 * 1024,
  budget: { ms: 2000, megabytes: 64 },
  run: checkHeader,
};

/** The header targets' oracle: a header parses, or fails with a HeaderError located inside it. */
function checkHeader(input: Uint8Array): void {
  const text = new TextDecoder('latin1').decode(input);
  const registry = StructRegistry.withBuiltins();
  try {
    registry.addHeader('fuzz.h', text);
  } catch (err) {
    assert.ok(err instanceof HeaderError, `not a HeaderError: ${(err as Error).stack}`);
    assert.match(err.message, /^fuzz\.h:\d+:\d+: \S/);
    assert.ok(err.line >= 1 && err.line <= text.split('\n').length + 1, `line ${err.line} is outside the header`);
    return;
  }
  const bytes = input.subarray(0, 256);
  for (const name of registry.names()) decode(bytes, `struct:${name}`, registry);
}

/**
 * The preprocessor alone, from the shapes that once ran for minutes or overflowed the stack: a macro
 * that expands into copies of itself, chains of macros, thousands of parentheses or nested #if, #else
 * after #else, a division C never evaluates. Each input must stay within its budget.
 */
const headerPreprocessor: FuzzTarget = {
  name: 'header-preprocessor',
  covers: /\/extension\/decode\/(conditional-inclusion|constant-expression|c-lexer)\.ts/,
  seeds: () => [
    '#define A (A+A+A+A+A+A+A+A+A+A)\n#if A\n#endif\n',
    `${Array.from({ length: 18 }, (_, i) => `#define M${i} (M${i + 1} + 1)`).join('\n')}\n#define M18 1\n#if M0 == 19\ntypedef struct { int a; } S;\n#endif\n`,
    `#define X ${'('.repeat(3000)}1${')'.repeat(3000)}\n#if X\n#endif\n`,
    `#if ${'('.repeat(3000)}1${')'.repeat(3000)}\n#endif\n`,
    `${'#if 1\n'.repeat(2000)}${'#endif\n'.repeat(2000)}`,
    '#if 0\n#else\n#else\n#endif\n',
    '#if 0 && 1/0\n#elif 1 || 1/0\n#endif\n',
    `enum E { A = ${'('.repeat(3000)}1${')'.repeat(3000)} };\n`,
    `typedef struct { char a[${'('.repeat(3000)}1${')'.repeat(3000)}]; } S;\n`,
  ].map(ascii),
  dictionary: ['#define ', '#if ', '#elif ', '#else\n', '#endif\n', '#ifdef ', '#ifndef ', '#undef ', 'defined(', '(', ')', '&&', '||', '?', ':', '1/0', '<<', 'A', 'B', '+A', '\n', '0x7fffffff'].map(ascii),
  maxLength: 16 * 1024,
  budget: { ms: 2000, megabytes: 64 },
  run: checkHeader,
};

export const targets: Record<string, FuzzTarget> = { netbios, pcap, header, 'header-preprocessor': headerPreprocessor, 'capture-stream': captureStream };
