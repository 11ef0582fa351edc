// Fuzzing of the NetBIOS codec and the capture reader: random bytes (fast-check) and a mutation loop
// over the real captured datagrams and capture files in test/fixtures (flip, insert, delete, truncate,
// overwrite counts with extreme values), with fixed seeds and bounded iterations. The decoders must never
// throw, must keep their results inside the input, and must explain anything they reject. An input
// that ever breaks them is saved to test/fixtures/datagrams (or pcap) by hand and stays in the corpus.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { decodeBrowserMessage } from '../../../extension/netbios/browser';
import { readCapture } from '../../../extension/netbios/pcap-datagrams';
import { decodeNameQueryResponse } from '../../../extension/netbios/name-query';
import { decodeMailslotDatagram, type MailslotDatagram } from '../../../extension/netbios/mailslot-datagram';
import { captureCorpus, datagramCorpus } from './corpus';

/** A small fixed-seed generator (mulberry32), so every run tries the same mutations. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff, 0x20, 0x41, 0x50, 0xc0];

function mutate(input: Uint8Array, next: () => number): Uint8Array {
  const bytes = Array.from(input);
  const rounds = 1 + Math.floor(next() * 4);
  for (let r = 0; r < rounds; r++) {
    const at = Math.floor(next() * (bytes.length + 1));
    switch (Math.floor(next() * 6)) {
      case 0: // flip a bit
        if (bytes.length) bytes[at % bytes.length] ^= 1 << Math.floor(next() * 8);
        break;
      case 1: // an interesting byte
        if (bytes.length) bytes[at % bytes.length] = INTERESTING[Math.floor(next() * INTERESTING.length)];
        break;
      case 2: // insert bytes
        bytes.splice(at, 0, ...Array.from({ length: 1 + Math.floor(next() * 8) }, () => Math.floor(next() * 256)));
        break;
      case 3: // delete bytes
        bytes.splice(at, 1 + Math.floor(next() * 8));
        break;
      case 4: // truncate
        bytes.length = at;
        break;
      case 5: // an extreme 16-bit count (lengths and offsets live in 16 bits)
        if (bytes.length > 1) {
          const value = [0, 1, 0xff, 0xffff, 0x8000][Math.floor(next() * 5)];
          const i = at % (bytes.length - 1);
          bytes[i] = value >> 8;
          bytes[i + 1] = value & 0xff;
        }
        break;
    }
  }
  return Uint8Array.from(bytes);
}

/** What must hold for any input. */
function checkDatagram(input: Uint8Array, decoded: MailslotDatagram): void {
  assert.ok(Array.isArray(decoded.problems) && decoded.problems.every((p) => typeof p === 'string' && p.length > 0));
  assert.ok(decoded.data.length <= input.length);
  if (decoded.data.length) {
    // The data is a view into the input, never invented bytes.
    assert.equal(decoded.data.buffer, input.buffer);
    assert.ok(decoded.data.byteOffset >= input.byteOffset && decoded.data.byteOffset + decoded.data.length <= input.byteOffset + input.length);
  }
  if (decoded.malformed) assert.ok(decoded.problems.length > 0, 'malformed without a reason');
  assert.equal(typeof decoded.mailslot, 'string');
}

describe('fuzzing the NetBIOS codec and the capture reader', () => {
  test('random bytes: datagram, browser and name-service decoders never throw', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 700 }), (bytes) => {
      checkDatagram(bytes, decodeMailslotDatagram(bytes));
      const browser = decodeBrowserMessage('\\MAILSLOT\\BROWSE', bytes);
      assert.ok(browser && browser.problems.every((p) => typeof p === 'string'));
      decodeBrowserMessage('\\MAILSLOT\\LANMAN', bytes);
      decodeNameQueryResponse(bytes);
    }), { seed: 1002, numRuns: 5000 });
  });

  test('random bytes after a valid datagram prefix reach the deeper layers without throwing', () => {
    const prefixes = datagramCorpus().map((f) => f.bytes);
    fc.assert(fc.property(fc.nat(prefixes.length - 1), fc.nat(200), fc.uint8Array({ maxLength: 400 }), (which, keep, tail) => {
      const prefix = prefixes[which].subarray(0, Math.min(keep + 14, prefixes[which].length));
      const bytes = Uint8Array.of(...prefix, ...tail);
      checkDatagram(bytes, decodeMailslotDatagram(bytes));
    }), { seed: 138, numRuns: 5000 });
  });

  test('mutation loop over the real captured datagrams (20,000 mutants)', () => {
    const corpus = datagramCorpus();
    const next = random(0x5107);
    let malformed = 0;
    for (let i = 0; i < 20_000; i++) {
      const seed = corpus[i % corpus.length];
      const mutant = mutate(seed.bytes, next);
      let decoded: MailslotDatagram;
      try {
        decoded = decodeMailslotDatagram(mutant);
      } catch (err) {
        assert.fail(`decoding a mutant of ${seed.name} threw: ${(err as Error).stack}\ninput: ${Buffer.from(mutant).toString('hex')}`);
      }
      checkDatagram(mutant, decoded);
      if (decoded.malformed) malformed++;
    }
    assert.ok(malformed > 5000, `most mutants should be reported as malformed, got ${malformed}`);
  });

  test('mutation loop over the real capture files (2,000 mutants)', () => {
    const corpus = captureCorpus();
    const next = random(0xcafe);
    for (let i = 0; i < 2_000; i++) {
      const seed = corpus[i % corpus.length];
      const mutant = mutate(seed.bytes, next);
      const result = readCapture(mutant, { ports: [seed.port, 138] });
      assert.ok(result.packets >= result.datagrams.length);
      assert.ok(result.problems.every((p) => typeof p.message === 'string' && p.message.length > 0));
      for (const d of result.datagrams) checkDatagram(d.wire, d.decoded);
    }
  });

  test('random capture files: never throw, always say why nothing was read', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(0xa1b2c3d4, 0xd4c3b2a1, 0x0a0d0d0a, 0xa1b23c4d), (body, magic) => {
      const bytes = Uint8Array.of(magic >>> 24, (magic >>> 16) & 0xff, (magic >>> 8) & 0xff, magic & 0xff, ...body);
      const result = readCapture(bytes);
      if (!result.datagrams.length && !result.packets) {
        assert.ok(result.problems.length > 0 || bytes.length <= 24 || result.format === 'pcapng', 'an unread file explains itself');
      }
    }), { seed: 7, numRuns: 3000 });
  });
});
