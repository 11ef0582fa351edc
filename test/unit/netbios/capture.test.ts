import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MessageFlag, type TrafficMessage } from '../../../extension/core/message';
import { captureMessages, mailslotEndpoint, readCapture } from '../../../extension/netbios/pcap-datagrams';
import { readCaptureContainer } from '../../../extension/netbios/pcap-reader';
import { buildIpv4Udp, readIpv4Udp } from '../../../extension/netbios/ipv4-udp';
import { LinkType } from '../../../extension/netbios/link-layer';
import { writePcapng } from '../../../extension/netbios/pcapng-writer';
import { pcap, pcapng, type Frame } from './capture-builder';
import { captureCorpus } from './corpus';

const source = captureCorpus().find((f) => f.name.startsWith('encoder') && f.name.endsWith('lo-ethernet.pcapng'))!;
const PORT = source.port;
const original = readCapture(source.bytes, { ports: [PORT] });
/** The real IPv4 packets of the capture with their time stamps. */
const packets: Frame[] = [];
readCaptureContainer(source.bytes, (p) => packets.push({ micros: Math.round(p.time * 1000), data: p.data.subarray(14) }));

const summary = (result: ReturnType<typeof readCapture>) =>
  // The variants are written with microsecond stamps; the original has nanoseconds.
  result.datagrams.map((d) => ({ time: Math.round(d.time * 1000), source: d.source, mailslot: d.mailslot, name: d.sourceName, data: [...d.data], problems: d.problems }));

const withHeader = (header: number[]) => (frame: Frame): Frame => ({ ...frame, data: Uint8Array.of(...header, ...frame.data) });
const LINK_VARIANTS: [string, number, (f: Frame) => Frame][] = [
  ['Ethernet', LinkType.ethernet, withHeader([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00])],
  ['Ethernet with a VLAN tag', LinkType.ethernet, withHeader([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x81, 0x00, 0x00, 0x05, 0x08, 0x00])],
  ['Linux cooked v1', LinkType.linuxSll, withHeader([0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00])],
  ['Linux cooked v2', LinkType.linuxSll2, withHeader([0x08, 0x00, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0])],
  ['BSD loopback (host order)', LinkType.null, withHeader([2, 0, 0, 0])],
  ['BSD loopback (other order)', LinkType.null, withHeader([0, 0, 0, 2])],
  ['OpenBSD loop', LinkType.loop, withHeader([0, 0, 0, 2])],
  ['raw IP', LinkType.raw, (f) => f],
  ['IPv4', LinkType.ipv4, (f) => f],
];

describe('capture files', () => {
  test('the real capture holds every datagram the test sent', () => {
    assert.equal(original.format, 'pcapng');
    assert.equal(original.datagrams.length, 24);
    assert.deepEqual(original.problems, []);
    assert.ok(original.skipped > 0, 'readiness probes to another port are skipped');
  });

  for (const [label, linkType, wrap] of LINK_VARIANTS) {
    test(`link type: ${label}`, () => {
      const result = readCapture(pcap(packets.map(wrap), { linkType }), { ports: [PORT] });
      assert.deepEqual(result.problems, []);
      assert.deepEqual(result.linkTypes, [linkType]);
      assert.deepEqual(summary(result), summary(original));
    });
  }

  test('pcap in either byte order, with micro- or nanosecond stamps', () => {
    const frames = packets.map(LINK_VARIANTS[0][2]);
    for (const little of [true, false]) {
      for (const nano of [false, true]) {
        const result = readCapture(pcap(frames, { linkType: 1, little, nano }), { ports: [PORT] });
        assert.deepEqual(summary(result), summary(original), `little=${little} nano=${nano}`);
      }
    }
  });

  test('pcapng: big-endian sections, several sections and interfaces, ns resolution, simple/obsolete blocks, unknown blocks', () => {
    const ether = packets.map(LINK_VARIANTS[0][2]);
    const half = Math.floor(ether.length / 2);
    const file = pcapng([
      { kind: 'section', little: false },
      { kind: 'interface', linkType: LinkType.ethernet },
      { kind: 'interface', linkType: LinkType.raw, nanoseconds: true },
      ...packets.slice(0, half).map((frame, i) => ({ kind: 'enhanced' as const, interfaceId: i % 2, frame: i % 2 ? frame : ether[i], nanoseconds: i % 2 === 1 })),
      { kind: 'other', type: 5, body: new Uint8Array(8) },
      { kind: 'section', little: true },
      { kind: 'interface', linkType: LinkType.ethernet },
      ...ether.slice(half).map((frame, i) => (i % 2 ? { kind: 'obsolete' as const, interfaceId: 0, frame } : { kind: 'enhanced' as const, interfaceId: 0, frame })),
    ]);
    const result = readCapture(file, { ports: [PORT] });
    assert.deepEqual(result.problems, []);
    assert.deepEqual(summary(result), summary(original));
    const simple = readCapture(pcapng([{ kind: 'section', little: true }, { kind: 'interface', linkType: 1 }, ...ether.map((frame) => ({ kind: 'simple' as const, frame }))]), { ports: [PORT] });
    assert.deepEqual(simple.datagrams.map((d) => d.mailslot), original.datagrams.map((d) => d.mailslot));
    assert.ok(simple.datagrams.every((d) => Number.isNaN(d.time)), 'simple packet blocks carry no time');
  });

  test('IPv4 fragments are reported, not reassembled', () => {
    const first = packets.find((p) => readIpv4Udp(p.data).kind === 'udp' && p.data.length > 100)!;
    const fragment = first.data.slice();
    fragment[6] |= 0x20; // more fragments
    const later = first.data.slice();
    later[6] = 0x00;
    later[7] = 0x10; // offset 128
    const result = readCapture(pcap([{ ...first, data: fragment }, { ...first, data: later }], { linkType: LinkType.raw }), { ports: [PORT] });
    assert.equal(result.datagrams.length, 0);
    assert.equal(result.problems.length, 2);
    assert.match(result.problems[0].message, /IPv4 fragment .* offset 0, more follow.*not reassembled/);
    assert.match(result.problems[1].message, /offset 128, last/);
    assert.deepEqual(result.problems.map((p) => p.packet), [1, 2]);
  });

  test('damaged files: reasons with packet numbers and offsets, and what came before is kept', () => {
    const good = pcap(packets.map(LINK_VARIANTS[0][2]), { linkType: 1 });
    const cut = readCapture(good.subarray(0, good.length - 10), { ports: [PORT] });
    assert.equal(cut.datagrams.length, original.datagrams.length - 1);
    assert.match(cut.problems[0].message, /packet \d+ says \d+ bytes were captured, but only \d+ remain/);
    assert.match(readCapture(Uint8Array.of(1, 2, 3, 4, 5)).problems[0].message, /neither pcap .* nor pcapng/);
    assert.match(readCapture(pcap(packets.slice(0, 1), { linkType: 147 })).problems[0].message, /link type 147 is not supported/);
    const ng = pcapng([{ kind: 'section', little: true }, { kind: 'enhanced', interfaceId: 3, frame: packets[0] }]);
    assert.match(readCapture(ng).problems[0].message, /names interface 3, but the section describes 0/);
    const lying = pcapng([{ kind: 'section', little: true }]);
    new DataView(lying.buffer).setUint32(4, 4096, true);
    assert.match(readCapture(lying).problems[0].message, /runs past the end of the file/);
  });

  test('captureMessages gives log-ready messages with their endpoint', () => {
    const messages = captureMessages(original);
    assert.equal(messages.length, original.datagrams.length);
    const first = messages.find((m) => m.endpoint === '\\\\.\\mailslot\\sms')!;
    assert.ok(first);
    assert.equal(first.raw.direction, 'in');
    assert.ok(first.raw.flags! & MessageFlag.network);
    assert.match(first.raw.peer!.address!, /^127\.0\.0\.1:\d+$/);
    assert.equal(mailslotEndpoint('\\MAILSLOT\\BROWSE'), '\\\\.\\mailslot\\BROWSE');
    assert.equal(mailslotEndpoint(''), '\\\\.\\mailslot\\*');
    const broken = messages.filter((m) => m.raw.flags! & MessageFlag.malformed);
    assert.equal(broken.length, 1, 'only the cut control datagram is malformed');
  });

  test('writePcapng: network messages out, the same datagrams back in', () => {
    const log: TrafficMessage[] = original.datagrams.map((d, i) => ({
      seq: i + 1, time: d.time, watcherId: 'w', endpoint: d.endpoint, direction: 'in', bytes: d.data, flags: MessageFlag.network, wire: d.wire,
    }));
    log.push({ seq: 99, time: 0, watcherId: 'pipe', endpoint: '\\\\.\\pipe\\x', direction: 'in', bytes: Uint8Array.of(1), flags: 0 });
    const file = writePcapng(log);
    const back = readCapture(file, { ports: [PORT] });
    assert.equal(back.format, 'pcapng');
    assert.deepEqual(back.problems, []);
    assert.equal(back.packets, original.datagrams.length, 'messages without wire bytes are not exported');
    assert.deepEqual(summary(back), summary(original));
  });

  test('IPv4/UDP framing built for export has valid checksums', () => {
    const packet = buildIpv4Udp('10.0.0.1', 138, '10.0.0.255', 138, Uint8Array.of(1, 2, 3, 4, 5));
    const sum = (from: number, to: number, initial = 0) => {
      let s = initial;
      for (let i = from; i < to; i += 2) s += (packet[i] << 8) | (packet[i + 1] ?? 0);
      while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
      return s;
    };
    assert.equal(sum(0, 20), 0xffff, 'IPv4 header checksum');
    const pseudo = sum(12, 20) + 17 + (packet.length - 20);
    assert.equal(sum(20, packet.length, pseudo), 0xffff, 'UDP checksum');
    const read = readIpv4Udp(packet);
    assert.ok(read.kind === 'udp');
    assert.deepEqual([read.udp.source, read.udp.sourcePort, read.udp.destination, read.udp.destinationPort, [...read.udp.payload]], ['10.0.0.1', 138, '10.0.0.255', 138, [1, 2, 3, 4, 5]]);
  });
});
