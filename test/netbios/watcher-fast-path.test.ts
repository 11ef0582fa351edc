// The watcher's fast path against the full codec: whenever the plain mailslot reader accepts a datagram
// (random, encoded or mutated, and the real captured ones), the full decoder finds it well formed with the
// same mailslot, data and source name. And the parts around it: packets written into a slab equal the
// ones buildIpv4Udp makes, the repeat filter decides as a plain map of recent datagrams does, and
// senders are made once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { BROWSE_MAILSLOT, LANMAN_MAILSLOT } from '../../extension/netbios/browser';
import { buildIpv4Udp } from '../../extension/netbios/ipv4-udp';
import { decodeMailslotDatagram, encodeMailslotDatagram } from '../../extension/netbios/mailslot-datagram';
import { decodeNetbiosName, type NetbiosName } from '../../extension/netbios/netbios-name';
import { PacketSlab } from '../../extension/netbios/packet-slab';
import { plainMailslotDatagram, readPlainMailslotDatagram, sameNameUpper } from '../../extension/netbios/plain-mailslot-datagram';
import { RepeatFilter } from '../../extension/netbios/repeat-filter';
import { SenderCache } from '../../extension/netbios/sender-cache';
import { datagramCorpus } from '../unit/netbios/corpus';

const text = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));
const codes = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/** Checks the fast path against the full decoder; returns whether the fast path accepted. */
function agrees(bytes: Uint8Array): boolean {
  const plain = plainMailslotDatagram();
  if (!readPlainMailslotDatagram(bytes, plain)) return false;
  const full = decodeMailslotDatagram(bytes);
  const shown = Buffer.from(bytes).toString('hex');
  assert.deepEqual(full.problems, [], `accepted, but the full decoder objects: ${shown}`);
  assert.equal(full.malformed, false, shown);
  assert.equal(text(bytes, plain.mailslotStart, plain.mailslotEnd), full.mailslot, shown);
  assert.equal(full.data.byteOffset - bytes.byteOffset, plain.dataStart, shown);
  assert.equal(full.data.length, plain.dataEnd - plain.dataStart, shown);
  const source = decodeNetbiosName(bytes, plain.sourceNameStart);
  assert.ok(source.ok && full.datagram.sourceName, shown);
  assert.deepEqual(source.value, full.datagram.sourceName, shown);
  assert.equal(plain.sourceNameStart + source.length, plain.sourceNameEnd, shown);
  assert.equal(full.browser, undefined, 'browser mailslots are left to the full decoder');
  for (const wanted of [full.mailslot.toUpperCase(), full.mailslot.toUpperCase() + 'X', '\\MAILSLOT\\SMS']) {
    assert.equal(sameNameUpper(bytes, plain.mailslotStart, plain.mailslotEnd, codes(wanted)), full.mailslot.toUpperCase() === wanted, shown);
  }
  return true;
}

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 20 });
const netbiosName: fc.Arbitrary<NetbiosName> = fc.record({
  name: fc.oneof(fc.constantFrom('*', '__MSBROWSE__', 'HOST', 'peer'), fc.stringMatching(/^[A-Z0-9][A-Z0-9 _-]{0,14}$/)),
  suffix: fc.integer({ min: 0, max: 255 }),
  scope: fc.oneof({ weight: 4, arbitrary: fc.constant('') }, fc.constantFrom('corp', 'a.b')),
});
const mailslot = fc.oneof(
  { weight: 6, arbitrary: printable.map((name) => `\\MAILSLOT\\${name}`) },
  fc.constantFrom(BROWSE_MAILSLOT, LANMAN_MAILSLOT, '\\mailslot\\browse', '\\mailslot\\sms', '\\MAILSLOT\\net\\netlogon'),
  fc.string({ maxLength: 20 }).map((name) => `\\MAILSLOT\\${name.replace(/[^\x20-\x7e]/g, '?')}`),
);
const encoded = fc.record({
  type: fc.constantFrom(0x10, 0x11, 0x12),
  more: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, fc.constant(true)),
  first: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, fc.constant(false)),
  nodeType: fc.integer({ min: 0, max: 3 }),
  id: fc.integer({ min: 0, max: 0xffff }),
  sourceIp: fc.ipV4(),
  sourcePort: fc.integer({ min: 0, max: 0xffff }),
  sourceName: netbiosName,
  destinationName: netbiosName,
  mailslot,
  data: fc.uint8Array({ maxLength: 500 }),
  priority: fc.integer({ min: 0, max: 0xffff }),
}).map((fields) => encodeMailslotDatagram(fields));

/** A few byte-level changes: set a byte, change a 16-bit count, cut, or append. */
const mutated = fc.tuple(encoded, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 0xffff })), { minLength: 1, maxLength: 3 }))
  .map(([bytes, edits]) => {
    let out = Uint8Array.from(bytes);
    for (const [where, kind, value] of edits) {
      const at = out.length ? where % out.length : 0;
      if (kind === 0 && out.length) out[at] = value & 0xff;
      else if (kind === 1 && out.length > 1) [out[at], out[(at + 1) % out.length]] = [value >> 8, value & 0xff];
      else if (kind === 2) out = out.slice(0, at);
      else if (kind === 3) out = Uint8Array.of(...out, value & 0xff);
      else if (out.length) out[at] ^= 1 << (value & 7);
    }
    return out;
  });

/** The model: a map in insertion order, the oldest forgotten first (what the filter did before it kept numbers). */
class RecentDatagrams {
  private readonly seen = new Map<string, { time: number; bytes: number[] }>();
  constructor(private readonly windowMs: number, private readonly limit: number) {}
  isRepeat(key: string, bytes: Uint8Array, now: number): boolean {
    for (const [k, entry] of this.seen) {
      if (now - entry.time <= this.windowMs) break;
      this.seen.delete(k);
    }
    const previous = this.seen.get(key);
    if (previous && now - previous.time <= this.windowMs && previous.bytes.join() === [...bytes].join()) return true;
    this.seen.delete(key);
    this.seen.set(key, { time: now, bytes: [...bytes] });
    if (this.seen.size > this.limit) this.seen.delete(this.seen.keys().next().value as string);
    return false;
  }
}

describe('the NetBIOS watcher fast path', () => {
  test('encoded datagrams: the fast path agrees with the full decoder, and takes the plain ones', () => {
    let accepted = 0;
    fc.assert(fc.property(encoded, (bytes) => {
      if (agrees(bytes)) accepted++;
    }), { seed: 5, numRuns: 3000 });
    assert.ok(accepted > 1000, `plain datagrams should mostly take the fast path (${accepted} of 3000 did)`);
  });

  test('mutated datagrams: whenever the fast path accepts, the full decoder agrees', () => {
    let accepted = 0;
    fc.assert(fc.property(mutated, (bytes) => {
      if (agrees(bytes)) accepted++;
    }), { seed: 6, numRuns: 20_000 });
    assert.ok(accepted > 100, `some mutants stay plain (${accepted})`);
  });

  test('random bytes and the real captured datagrams: whenever the fast path accepts, the full decoder agrees', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => void agrees(bytes)), { seed: 7, numRuns: 3000 });
    for (const file of datagramCorpus()) agrees(file.bytes);
  });

  test('a plain write is accepted as a view at any offset of a larger buffer', () => {
    const bytes = encodeMailslotDatagram({
      type: 0x11, more: false, first: true, nodeType: 0, id: 1, sourceIp: '10.0.0.5', sourcePort: 138,
      sourceName: { name: 'PEER', suffix: 0, scope: '' }, destinationName: { name: 'ME', suffix: 0x1d, scope: '' },
      mailslot: '\\MAILSLOT\\sms', data: Uint8Array.of(1, 2, 3),
    });
    const holder = new Uint8Array(bytes.length + 7);
    holder.set(bytes, 5);
    const view = holder.subarray(5, 5 + bytes.length);
    assert.equal(agrees(view), true);
  });

  test('packets written into a slab (or, when large, a buffer of their own) are the ones buildIpv4Udp makes, and stay as written', () => {
    const slab = new PacketSlab();
    const written: { packet: Uint8Array; expected: Uint8Array }[] = [];
    fc.assert(fc.property(fc.ipV4(), fc.nat(0xffff), fc.ipV4(), fc.nat(0xffff), fc.uint8Array({ maxLength: 9000 }), (source, sourcePort, destination, destinationPort, payload) => {
      const address = (ip: string) => Uint8Array.from(ip.split('.').map(Number));
      const at = slab.write(address(source), sourcePort, address(destination), destinationPort, payload);
      const packet = slab.bytes.subarray(at, at + 28 + payload.length);
      const expected = buildIpv4Udp(source, sourcePort, destination, destinationPort, payload);
      assert.deepEqual(packet, expected);
      written.push({ packet, expected });
    }), { seed: 8, numRuns: 500 });
    for (const { packet, expected } of written) assert.deepEqual(packet, expected, 'a later packet overwrote an earlier one');
  });

  test('the repeat filter by address, port and id decides as a plain map of recent datagrams does', () => {
    const step = fc.record({ source: fc.nat(3), port: fc.constantFrom(138, 139), id: fc.nat(5), bytes: fc.nat(2), advance: fc.nat(1500) });
    fc.assert(fc.property(fc.array(step, { maxLength: 200 }), fc.constantFrom(3, 8, 4096), (steps, limit) => {
      const byNumbers = new RepeatFilter(2000, limit);
      const model = new RecentDatagrams(2000, limit);
      const holder = new Uint8Array(steps.length * 3);
      let now = 0;
      steps.forEach((s, i) => {
        now += s.advance;
        holder.set([s.bytes, s.bytes, s.bytes + s.id], i * 3);
        const bytes = holder.subarray(i * 3, i * 3 + 1 + (s.bytes & 1) + 1);
        const expected = model.isRepeat(`10.0.0.${s.source}:${s.port}#${s.id}`, bytes, now);
        assert.equal(byNumbers.isRepeatFrom(0x0a000000 + s.source, s.port, s.id, holder, i * 3, bytes.length, now), expected, `step ${i}`);
      });
    }), { seed: 9, numRuns: 500 });
  });

  test('a sender is made once per address, port and source name', () => {
    const senders = new SenderCache();
    const datagram = (name: string) => encodeMailslotDatagram({
      type: 0x10, more: false, first: true, nodeType: 0, id: 1, sourceIp: '10.0.0.5', sourcePort: 138,
      sourceName: { name, suffix: 0, scope: '' }, destinationName: { name: 'ME', suffix: 0, scope: '' }, mailslot: '\\MAILSLOT\\x', data: Uint8Array.of(1),
    });
    const one = senders.of('10.0.0.5', 138, datagram('PEER'), 14, 48);
    assert.deepEqual(one.peer, { address: '10.0.0.5:138', name: 'PEER<00>' });
    assert.deepEqual([...one.address], [10, 0, 0, 5]);
    assert.equal(senders.of('10.0.0.6', 138, datagram('PEER'), 14, 48).peer.address, '10.0.0.6:138');
    assert.equal(senders.of('10.0.0.5', 138, datagram('PEER'), 14, 48), one, 'the same sender again');
    assert.equal(senders.of('10.0.0.5', 139, datagram('PEER'), 14, 48).peer.address, '10.0.0.5:139');
    assert.equal(senders.of('10.0.0.5', 138, datagram('OTHER'), 14, 48).peer.name, 'OTHER<00>');
    assert.deepEqual(senders.of('10.0.0.5', 138, Uint8Array.of(1, 2), 0, 0).peer, { address: '10.0.0.5:138' }, 'no source name');
  });
});
