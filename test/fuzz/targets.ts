/**
 * What the coverage-guided fuzzer feeds, and what must hold for any input (the oracle). An input whose
 * run throws is a crash: the decoders promise never to throw (NetBIOS, pcap), the header parser
 * promises to fail only with a HeaderError located inside the header.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { captureMessages, describeCaptureDatagram, readCapture } from '../../extension/netbios/capture';
import { decodeBrowserMessage } from '../../extension/netbios/browser';
import { decodeMailslotDatagram, type MailslotDatagram } from '../../extension/netbios/mailslot-datagram';
import { decodeNameQueryResponse } from '../../extension/netbios/name-query';
import { decode, HeaderError, StructRegistry } from '../../extension/decode/index';
import { toRecord } from '../../extension/capture/capture-record';

const fixtures = path.resolve(import.meta.dirname, '../fixtures');

export interface FuzzTarget {
  name: string;
  /** The modules whose blocks count as coverage (script URLs). */
  covers: RegExp;
  /** Real inputs the corpus starts from (besides test/fixtures/fuzz-corpus/<name>). */
  seeds(): Uint8Array[];
  dictionary: Uint8Array[];
  maxLength: number;
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
  covers: /\/extension\/netbios\/(capture|capture-file|ipv4-udp|link-layer)\.ts/,
  seeds: () => filesIn('pcap', (n) => /\.pcap(ng)?$/.test(n)),
  dictionary: [Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a), Uint8Array.of(0x1a, 0x2b, 0x3c, 0x4d), Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1), Uint8Array.of(0x45, 0x00), Uint8Array.of(0x00, 0x8a, 0x00, 0x8a), Uint8Array.of(0x08, 0x00)],
  maxLength: 32 * 1024,
  run(input) {
    const result = readCapture(input, { ports: [138, 23732] });
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
  },
};

const header: FuzzTarget = {
  name: 'header',
  covers: /\/extension\/decode\/(header-parser|c-lexer|conditional-inclusion|includes|constant-expression|layout|bits|tags|magic|registry|struct-decode|sdk-display|same-layout)\.ts/,
  seeds: () => [...filesIn('headers', (n) => n.endsWith('.h')), ...filesIn(path.join('..', 'decode'), (n) => n.endsWith('.h'))],
  dictionary: ['typedef ', 'struct ', 'union ', 'enum ', ': 0;', '// tag: a\n', '// when: 1\n', '#include "x.h"\n', '#include <windows.h>\n', 'LARGE_INTEGER ', 'FILETIME ', '#pragma pack(push, 1)\n', '#pragma pack(pop)\n', '#define N 4\n', '#if N > 2\n', '#else\n', '#endif\n', '[N]', ':3', 'DWORD ', 'char ', '*', '{', '}', ';', '0x7fffffff', '-1', "'\\x41'", '/* */', '\\\n', 'sizeof(DWORD)', 'unsigned long long ']
    .map(ascii),
  maxLength: 8 * 1024,
  run(input) {
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
  },
};

export const targets: Record<string, FuzzTarget> = { netbios, pcap, header };
