// Every kind of datagram Slotpipe's encoder and sender produce, captured on loopback by tshark and
// decoded by Wireshark's own dissectors (NetBIOS Datagram → SMB → SMB MailSlot → Browser): the fields
// must match what Slotpipe's decoder reads, with no malformed frame and no expert info. The same
// captures (pcapng/Ethernet, pcap/Linux cooked v1, pcapng/Linux cooked v2) then go through readCapture.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseEndpoint } from '../../extension/core/endpoint';
import { MessageFlag, type TrafficMessage } from '../../extension/core/message';
import { BrowserCommand } from '../../extension/netbios/browser';
import { encodeAnnouncement, encodeGetBackupListRequest, encodeGetBackupListResponse, encodeRequestElection } from '../../extension/netbios/browser-encode';
import { readCapture } from '../../extension/netbios/pcap-datagrams';
import { writePcapng } from '../../extension/netbios/pcapng-writer';
import { DatagramType, encodeDatagram, encodeDatagramError, type DatagramHeader } from '../../extension/netbios/datagram';
import { decodeMailslotDatagram, encodeMailslotDatagram } from '../../extension/netbios/mailslot-datagram';
import { formatNetbiosName, MSBROWSE, type NetbiosName } from '../../extension/netbios/netbios-name';
import { openDatagramSender } from '../../extension/netbios/udp-sender';
import { missing } from './requirements';
import { PROBLEM_FIELDS, startCapture, tsharkFields, type LiveCapture, type PacketFields } from './tshark-capture';
import { assertSameAsWireshark, FIELDS, one } from './wireshark-fields';

const port = 20000 + Math.floor(Math.random() * 40000);
const probePort = port + 1;
let dir = '';
const text = (s: string) => new TextEncoder().encode(s);
const name = (n: string, suffix = 0, scope = ''): NetbiosName => ({ name: n, suffix, scope });
const header = (type: number, id: number, nodeType = 0): DatagramHeader => ({ type, more: false, first: true, nodeType, id, sourceIp: '127.0.0.1', sourcePort: 138 });

interface Case {
  label: string;
  bytes: Uint8Array;
}

/** Datagrams straight from the encoder: each type, scopes, odd name lengths, the largest sizes, the browser messages. */
function encoderCases(): Case[] {
  const mailslot = (label: string, type: number, id: number, source: NetbiosName, destination: NetbiosName, slot: string, data: Uint8Array, nodeType = 0): Case => ({
    label,
    bytes: encodeMailslotDatagram({ ...header(type, id, nodeType), sourceName: source, destinationName: destination, mailslot: slot, data }),
  });
  const browse = (label: string, id: number, data: Uint8Array, destination = name('WORKGROUP', 0x1d)) =>
    mailslot(label, DatagramType.directGroup, id, name('SLOTPIPE', 0x20), destination, 'BROWSE', data);
  const bytes424 = Uint8Array.from({ length: 424 }, (_, i) => i & 0xff);
  return [
    mailslot('direct unique', DatagramType.directUnique, 0x0101, name('SLOTPIPE'), name('TARGET'), 'sms', text('hello')),
    mailslot('direct group', DatagramType.directGroup, 0x0102, name('SLOTPIPE'), name('WORKGROUP'), 'sms', text('to the group')),
    mailslot('broadcast', DatagramType.broadcast, 0x0103, name('SLOTPIPE'), name('*'), 'sms', text('to everyone')),
    mailslot('scope on both names', DatagramType.directGroup, 0x0104, name('SLOTPIPE', 0, 'corp.example'), name('WORKGROUP', 0, 'corp.example'), 'sms', text('scoped')),
    mailslot('one-letter names', DatagramType.directUnique, 0x0105, name('A'), name('B'), 'x', text('1')),
    mailslot('fifteen-letter names', DatagramType.directUnique, 0x0106, name('ABCDEFGHIJKLMNO', 0x03), name('PONMLKJIHGFEDCB', 0x1b), 'sms', text('15')),
    mailslot('names with odd characters', DatagramType.directUnique, 0x0107, name('MY-HOST_2'), name('X.Y$'), 'path\\deep', text('odd')),
    mailslot('node type bits', DatagramType.directUnique, 0x0108, name('SLOTPIPE'), name('TARGET'), 'sms', text('m node'), 2),
    mailslot('empty message', DatagramType.directUnique, 0x0109, name('SLOTPIPE'), name('TARGET'), 'sms', new Uint8Array(0)),
    mailslot('424-byte message', DatagramType.directGroup, 0x010a, name('SLOTPIPE'), name('WORKGROUP'), 'sms', bytes424),
    mailslot('424 bytes to a long mailslot name (over 512 bytes of user data)', DatagramType.directGroup, 0x010d, name('SLOTPIPE'), name('WORKGROUP'), 'slotpipe\\a_long_mailslot_name', bytes424),
    mailslot('512 bytes of user data', DatagramType.directUnique, 0x010b, name('SLOTPIPE'), name('TARGET'), 'sms', new Uint8Array(512 - 70 - '\\MAILSLOT\\sms'.length).fill(0x5a)),
    mailslot('MSBROWSE destination', DatagramType.directGroup, 0x010c, name('SLOTPIPE'), name(MSBROWSE, 0x01), 'BROWSE',
      encodeAnnouncement({ command: BrowserCommand.localMasterAnnouncement, periodicity: 720_000, serverName: 'SLOTPIPE', serverType: 0x00051003, comment: 'master' })),
    browse('host announcement', 0x0201, encodeAnnouncement({ command: BrowserCommand.hostAnnouncement, updateCount: 3, periodicity: 60_000, serverName: 'SLOTPIPE', serverType: 0x00001003, comment: 'Slotpipe test host' }), name('WORKGROUP', 0x1d)),
    browse('domain announcement', 0x0202, encodeAnnouncement({ command: BrowserCommand.domainAnnouncement, periodicity: 720_000, serverName: 'WORKGROUP', serverType: 0x80001000, comment: 'SLOTPIPE' }), name(MSBROWSE, 0x01)),
    browse('election', 0x0203, encodeRequestElection({ criteria: 0x20011003, uptime: 12345, serverName: 'SLOTPIPE' }), name('WORKGROUP', 0x1e)),
    browse('backup list request', 0x0204, encodeGetBackupListRequest(4, 0xdeadbeef)),
    browse('backup list response', 0x0205, encodeGetBackupListResponse(0xdeadbeef, ['SERVER1', 'SERVER2', 'S3'])),
    { label: 'error datagram', bytes: encodeDatagramError(header(DatagramType.error, 0x0301), 0x82) },
    { label: 'raw user data (no SMB)', bytes: encodeDatagram({ ...header(DatagramType.directUnique, 0x0302), sourceName: name('SLOTPIPE'), destinationName: name('TARGET'), userData: new Uint8Array(0) }) },
  ];
}

/** A datagram Wireshark must call malformed: proves the checks below can fail. */
function brokenCase(): Case {
  const good = encodeMailslotDatagram({ ...header(DatagramType.directUnique, 0x0401), sourceName: name('SLOTPIPE'), destinationName: name('TARGET'), mailslot: 'sms', data: text('cut') });
  return { label: 'cut inside the destination name', bytes: good.subarray(0, 60) };
}

describe('NetBIOS datagrams through Wireshark', { timeout: 120_000, skip: missing(['tshark'], true) }, () => {
  const cases = encoderCases();
  const senderCases: { label: string; path: string; options: Record<string, string> }[] = [
    { label: 'sender \\\\*\\mailslot\\x', path: '\\\\*\\mailslot\\slotpipe_all', options: { workgroup: 'SLOTGROUP' } },
    { label: 'sender \\\\DOMAIN\\mailslot\\x', path: '\\\\SLOTGROUP\\mailslot\\slotpipe_domain', options: { workgroup: 'SLOTGROUP' } },
    { label: 'sender \\\\MACHINE\\mailslot\\x', path: '\\\\TARGETBOX\\mailslot\\slotpipe_machine', options: {} },
    { label: 'sender \\\\.\\mailslot\\x', path: '\\\\.\\mailslot\\slotpipe_local', options: {} },
  ];
  const captures: LiveCapture[] = [];
  const sent: Case[] = [];
  let fields: PacketFields[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-netbios-tshark-'));
    const filter = `udp dst port ${port} or udp dst port ${probePort}`;
    captures.push(await startCapture({ iface: 'lo', filter, probePort, file: path.join(dir, 'lo-ethernet.pcapng') }));
    captures.push(await startCapture({ iface: 'any', filter, probePort, file: path.join(dir, 'any-sll.pcap'), linkType: 'LINUX_SLL', format: 'pcap' }));
    captures.push(await startCapture({ iface: 'any', filter, probePort, file: path.join(dir, 'any-sll2.pcapng'), linkType: 'LINUX_SLL2' }));
    const socket = dgram.createSocket('udp4');
    for (const c of [...cases, brokenCase()]) {
      await new Promise<void>((resolve, reject) => socket.send(c.bytes, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
      sent.push(c);
    }
    socket.close();
    // Datagrams the sender builds go to a listener first, which passes the exact bytes on to the captured port.
    const listener = dgram.createSocket('udp4');
    const received: Uint8Array[] = [];
    listener.on('message', (msg) => received.push(new Uint8Array(msg)));
    await new Promise<void>((resolve) => listener.bind(0, '127.0.0.2', () => resolve()));
    for (const s of senderCases) {
      const sender = await openDatagramSender(parseEndpoint(s.path), { ...s.options, to: '127.0.0.2', port: listener.address().port, name: 'SLOTPIPE' });
      await sender.send(text(`from ${s.label}`));
      await sender.close();
      while (received.length < sent.length - cases.length) await new Promise((resolve) => setTimeout(resolve, 5));
      const bytes = received[received.length - 1];
      await new Promise<void>((resolve, reject) => listener.send(bytes, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
      sent.push({ label: s.label, bytes });
    }
    listener.close();
    for (const capture of captures) await capture.stop();
    fields = tsharkFields(captures[0].file, port, FIELDS);
  });

  after(() => {
    // SLOTPIPE_KEEP_CAPTURES=folder keeps the captures (that is how test/fixtures/pcap was recorded).
    const keep = process.env.SLOTPIPE_KEEP_CAPTURES;
    if (keep) for (const capture of captures) fs.copyFileSync(capture.file, path.join(keep, `encoder-${path.basename(capture.file)}`));
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('tshark saw every datagram once', () => {
    assert.equal(fields.length, sent.length, `tshark saw ${fields.length} packets, ${sent.length} were sent`);
  });

  test('the malformed control datagram is flagged by Wireshark and by Slotpipe', () => {
    const index = cases.length;
    assert.ok(fields[index]['_ws.malformed'] || fields[index]['_ws.expert'], `Wireshark did not flag the cut datagram: ${JSON.stringify(fields[index])}`);
    assert.ok(decodeMailslotDatagram(sent[index].bytes).problems.length > 0);
  });

  const all = () => sent.map((c, i) => ({ c, i })).filter(({ i }) => i !== cases.length);
  for (const label of [...cases.map((c) => c.label), ...senderCases.map((s) => s.label)]) {
    test(`${label}: Wireshark decodes the same fields, with no expert info`, () => {
      const { c, i } = all().find(({ c }) => c.label === label) as { c: Case; i: number };
      assertSameAsWireshark(c.bytes, fields[i], label);
      assert.deepEqual(decodeMailslotDatagram(c.bytes).problems, [], `${label}: Slotpipe reports problems`);
    });
  }

  test('the sender addresses datagrams as Windows does', () => {
    const byLabel = (label: string) => decodeMailslotDatagram(sent.find((c) => c.label === label)!.bytes).datagram;
    const all = byLabel('sender \\\\*\\mailslot\\x');
    assert.equal(all.type, DatagramType.directGroup);
    assert.equal(formatNetbiosName(all.destinationName!), 'SLOTGROUP<00>');
    const domain = byLabel('sender \\\\DOMAIN\\mailslot\\x');
    assert.equal(domain.type, DatagramType.directGroup);
    assert.equal(formatNetbiosName(domain.destinationName!), 'SLOTGROUP<00>');
    const machine = byLabel('sender \\\\MACHINE\\mailslot\\x');
    assert.equal(machine.type, DatagramType.directUnique);
    assert.equal(formatNetbiosName(machine.destinationName!), 'TARGETBOX<00>');
    assert.equal(formatNetbiosName(machine.sourceName!), 'SLOTPIPE<00>');
    assert.equal(machine.sourceIp, '127.0.0.1');
    assert.equal(machine.sourcePort, 138);
  });

  test('writePcapng exports what was received so that Wireshark reads the same datagrams, with no problems', () => {
    const capture = readCapture(new Uint8Array(fs.readFileSync(captures[0].file)), { ports: [port] });
    const log: TrafficMessage[] = capture.datagrams.map((d, i) => ({
      seq: i + 1, time: d.time, watcherId: 'capture', endpoint: d.endpoint, direction: 'in', bytes: d.data, flags: MessageFlag.network, wire: d.wire,
    }));
    const exported = path.join(dir, 'exported.pcapng');
    fs.writeFileSync(exported, writePcapng(log));
    const theirs = tsharkFields(exported, port, [...FIELDS, 'frame.comment', 'pkt_comment']);
    assert.equal(theirs.length, fields.length);
    theirs.forEach((packet, i) => {
      const { ['frame.comment']: comment, ['pkt_comment']: pktComment, ...rest } = packet;
      // Wireshark lists a packet comment as expert info of severity "comment"; only that may be new.
      const COMMENT_SEVERITY = 0x00100000;
      const severities = (rest['_ws.expert.severity'] ?? []).map(Number);
      const extra = severities.filter((v) => v === COMMENT_SEVERITY).length;
      assert.equal(extra, 1, `packet ${i + 1}: the comment shows as one comment-level expert item`);
      for (const key of ['_ws.expert', '_ws.expert.message', '_ws.expert.severity']) {
        rest[key] = rest[key]?.filter((_, j) => severities[j] !== COMMENT_SEVERITY);
        if (!rest[key]?.length) delete rest[key];
      }
      const expected = { ...fields[i] };
      // The exported cut control datagram is as malformed as the captured one; everything else is equal.
      for (const key of new Set([...Object.keys(rest), ...Object.keys(expected)])) assert.deepEqual(rest[key], expected[key], `packet ${i + 1}: ${key}`);
      assert.match(String(comment ?? pktComment), new RegExp(`Slotpipe seq ${i + 1} in`));
    });
  });

  for (const [index, label] of [[0, 'pcapng, Ethernet'], [1, 'pcap, Linux cooked v1'], [2, 'pcapng, Linux cooked v2']] as const) {
    test(`readCapture reads the ${label} capture like tshark does`, () => {
      const file = captures[index].file;
      const capture = readCapture(new Uint8Array(fs.readFileSync(file)), { ports: [port] });
      const theirs = tsharkFields(file, port, ['frame.number', 'nbdgm.dgram_id', 'smb.trans_name', 'nbdgm.source_name', 'udp.srcport', 'frame.time_epoch']);
      assert.equal(capture.problems.length, 0, JSON.stringify(capture.problems));
      assert.equal(capture.packets, theirs.length + capture.skipped, 'every packet is a datagram or a skipped probe');
      assert.equal(capture.datagrams.length, sent.length);
      capture.datagrams.forEach((d, i) => {
        assert.equal(d.packet, Number(one(theirs[i], 'frame.number')));
        assert.equal(`0x${d.decoded.datagram.id.toString(16).padStart(4, '0')}`, one(theirs[i], 'nbdgm.dgram_id'));
        assert.equal(d.mailslot, one(theirs[i], 'smb.trans_name') ?? '');
        assert.equal(d.source.split(':')[1], one(theirs[i], 'udp.srcport'));
        assert.ok(Math.abs(d.time / 1000 - Number(one(theirs[i], 'frame.time_epoch'))) < 1e-5, `time of packet ${d.packet}`);
        assert.deepEqual(d.decoded.datagram.userData ?? null, decodeMailslotDatagram(sent[i].bytes).datagram.userData ?? null);
      });
    });
  }
});
