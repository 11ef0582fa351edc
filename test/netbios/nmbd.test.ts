// Slotpipe against a real peer: Samba's nmbd in a network namespace this test creates. The watcher
// decodes nmbd's \MAILSLOT\BROWSE host announcements; the sender asks nmbd (the local master browser)
// for its backup list and the reply is decoded; a datagram to a custom mailslot, addressed by name
// (resolved through a NetBIOS name query), shows up in nmbd's log. Everything is removed afterwards.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { WatcherEvent, WatcherSink } from '../../extension/core/backend';
import { parseEndpoint } from '../../extension/core/endpoint';
import { MessageFlag, type RawMessage } from '../../extension/core/message';
import { BrowserCommand, decodeBrowserMessage, type BrowserMessage } from '../../extension/netbios/browser';
import { encodeGetBackupListRequest } from '../../extension/netbios/browser-encode';
import { readCapture } from '../../extension/netbios/pcap-datagrams';
import { readIpv4Udp } from '../../extension/netbios/ipv4-udp';
import { openDatagramSender } from '../../extension/netbios/udp-sender';
import { watchDatagrams, type NetbiosWatcher } from '../../extension/netbios/udp-watcher';
import { createTestNetwork, type TestNetwork } from './netns';
import { startNmbd, type Nmbd } from './nmbd';
import { missing } from './requirements';
import { startCapture, tsharkFields, type LiveCapture } from './tshark-capture';
import { assertSameAsWireshark, FIELDS, one } from './wireshark-fields';

const WORKGROUP = 'SLOTGRP';
const NMBD_NAME = 'NMBDBOX';
const BROWSE = '\\MAILSLOT\\BROWSE';

class Collector implements WatcherSink {
  readonly received: RawMessage[] = [];
  readonly events: WatcherEvent[] = [];
  private readonly waiters = new Set<() => void>();

  messages(batch: RawMessage[]): void {
    this.received.push(...batch);
    for (const wake of this.waiters) wake();
  }

  event(event: WatcherEvent): void {
    this.events.push(event);
  }

  /** The first browser message that satisfies `match`, waiting for it. */
  waitForBrowser(match: (m: BrowserMessage, raw: RawMessage) => boolean, timeoutMs: number, what: string, mailslot = BROWSE): Promise<{ message: BrowserMessage; raw: RawMessage }> {
    return new Promise((resolve, reject) => {
      const check = () => {
        for (const raw of this.received) {
          const message = decodeBrowserMessage(mailslot, raw.bytes);
          if (message && match(message, raw)) {
            finish();
            resolve({ message, raw });
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no ${what} within ${timeoutMs} ms (received ${this.received.length} datagrams)`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }
}

describe('Slotpipe and Samba nmbd in a private network', { timeout: 180_000, skip: missing(['nmbd', 'ip', 'tshark'], true) }, () => {
  let dir = '';
  const replyPort = 20000 + Math.floor(Math.random() * 40000);
  const probePort = replyPort + 1;
  let network: TestNetwork | undefined;
  let nmbd: Nmbd | undefined;
  let capture: LiveCapture | undefined;
  const watchers: NetbiosWatcher[] = [];
  const broadcasts = new Collector();
  const lanman = new Collector();
  const replies = new Collector();

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-netbios-nmbd-'));
    network = createTestNetwork('nb');
    capture = await startCapture({
      iface: network.hostInterface,
      filter: `udp port 137 or udp port 138 or udp port ${replyPort} or udp port ${probePort}`,
      file: path.join(dir, 'nmbd.pcapng'),
      probePort,
      probeAddress: network.peerAddress,
    });
    // Broadcasts to 10.77.N.255 reach a socket bound to that address; replies come to our own address.
    const broadcastWatcher = watchDatagrams({ endpoint: parseEndpoint('\\\\.\\mailslot\\BROWSE'), netbios: { bind: network.broadcast, port: 138 } }, broadcasts);
    const lanmanWatcher = watchDatagrams({ endpoint: parseEndpoint('\\\\.\\mailslot\\LANMAN'), netbios: { bind: network.broadcast, port: 138 } }, lanman);
    const replyWatcher = watchDatagrams({ endpoint: parseEndpoint('\\\\.\\mailslot\\BROWSE'), netbios: { bind: network.hostAddress, port: replyPort } }, replies);
    for (const watcher of [broadcastWatcher, lanmanWatcher, replyWatcher]) {
      await watcher.start();
      watchers.push(watcher);
    }
    nmbd = startNmbd({ namespace: network.namespace, address: network.peerAddress, dir, workgroup: WORKGROUP, netbiosName: NMBD_NAME });
  });

  after(async () => {
    try {
      for (const watcher of watchers) await watcher.stop();
      await nmbd?.stop();
      await capture?.stop();
      const keep = process.env.SLOTPIPE_KEEP_CAPTURES;
      if (keep && capture && fs.existsSync(capture.file)) fs.copyFileSync(capture.file, path.join(keep, 'nmbd-port138-veth-ethernet.pcapng'));
    } finally {
      network?.remove();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the watchers report listening with their addresses', () => {
    for (const collector of [broadcasts, replies]) {
      const listening = collector.events.find((e) => e.type === 'listening');
      assert.ok(listening && listening.type === 'listening' && listening.detail?.includes(BROWSE), JSON.stringify(collector.events));
    }
  });

  test("the watcher receives and decodes nmbd's host announcement", async () => {
    const { message, raw } = await broadcasts.waitForBrowser(
      (m) => m.command === BrowserCommand.hostAnnouncement && m.fields.serverName === NMBD_NAME,
      30_000,
      `host announcement from ${NMBD_NAME}`,
    );
    assert.deepEqual(message.problems, []);
    assert.equal(message.fields.signature, 0xaa55);
    assert.match(String(message.fields.comment), /Samba/);
    assert.ok((message.fields.serverTypeNames as string[]).includes('server'));
    assert.equal(raw.peer?.name, `${NMBD_NAME}<00>`);
    assert.equal(raw.peer?.address, `${network!.peerAddress}:138`);
    assert.equal(raw.direction, 'in');
    assert.ok((raw.flags ?? 0) & MessageFlag.network);
    assert.equal((raw.flags ?? 0) & MessageFlag.malformed, 0);
    assert.ok(raw.wire && raw.wire.length > raw.bytes.length);
  });

  test("the watcher decodes nmbd's LAN Manager announcement on \\MAILSLOT\\LANMAN", async () => {
    const { message, raw } = await lanman.waitForBrowser(
      (m) => m.command === BrowserCommand.hostAnnouncement && m.fields.serverName === NMBD_NAME,
      30_000,
      `LAN Manager announcement from ${NMBD_NAME}`,
      '\\MAILSLOT\\LANMAN',
    );
    assert.equal(message.mailslot, 'LANMAN');
    assert.deepEqual(message.problems, []);
    assert.equal(message.fields.periodicity, 5000, 'lm interval = 5 (seconds)');
    assert.match(String(message.fields.comment), /SAMBA/i);
    assert.equal(raw.peer?.name, `${NMBD_NAME}<00>`);
    assert.ok(lanman.received.every((r) => decodeBrowserMessage('\\MAILSLOT\\LANMAN', r.bytes)?.mailslot === 'LANMAN'));
  });

  test('the sender asks nmbd, the local master browser, for its backup list and decodes the reply', async () => {
    await nmbd!.waitFor(/now a local master browser for workgroup/, 90_000);
    const token = Math.floor(Math.random() * 0xffffffff);
    const sender = await openDatagramSender(parseEndpoint(`\\\\${WORKGROUP}\\mailslot\\BROWSE`), {
      workgroup: WORKGROUP, suffix: 0x1d, to: network!.broadcast, sourcePort: replyPort, name: 'SLOTPIPE',
    });
    assert.equal(sender.target.type, 0x11);
    assert.equal(sender.source.address, network!.hostAddress);
    const asking = setInterval(() => void sender.send(encodeGetBackupListRequest(4, token)), 1000);
    try {
      await sender.send(encodeGetBackupListRequest(4, token));
      const { message, raw } = await replies.waitForBrowser(
        (m) => m.command === BrowserCommand.getBackupListResponse && m.fields.token === token,
        30_000,
        'backup list response',
      );
      assert.deepEqual(message.problems, []);
      assert.ok((message.fields.backupServers as string[]).includes(NMBD_NAME), JSON.stringify(message.fields));
      assert.equal(message.fields.backupServerCount, (message.fields.backupServers as string[]).length);
      assert.equal(raw.peer?.name, `${NMBD_NAME}<00>`);
    } finally {
      clearInterval(asking);
      await sender.close();
    }
  });

  test('nmbd logs a datagram to a custom mailslot, sent to its name resolved by a name query', async () => {
    const mailslot = `slotpipe_${Math.random().toString(36).slice(2, 8)}`;
    const sender = await openDatagramSender(parseEndpoint(`\\\\${NMBD_NAME}\\mailslot\\${mailslot}`), {
      broadcast: network!.broadcast, name: 'SLOTPIPE', nameQueryTimeout: 10_000,
    });
    try {
      assert.equal(sender.target.address, network!.peerAddress, 'the name query found nmbd');
      assert.equal(sender.target.type, 0x10);
      const from = nmbd!.log().length;
      await sender.send(new TextEncoder().encode('hello nmbd'));
      const [line] = await nmbd!.waitFor(new RegExp(`process_dgram:.*${mailslot}.*`, 'i'), 15_000, from);
      assert.match(line, new RegExp(`SLOTPIPE<00> to ${NMBD_NAME}<00>`, 'i'));
      assert.match(line, new RegExp(`\\\\MAILSLOT\\\\${mailslot}`, 'i'));
    } finally {
      await sender.close();
    }
  });

  test('the capture of it all reads back through readCapture with the same datagrams', async () => {
    await capture!.stop();
    const result = readCapture(new Uint8Array(fs.readFileSync(capture!.file)), { ports: [138, replyPort] });
    assert.deepEqual(result.problems, []);
    const announcement = result.datagrams.find((d) => d.decoded.browser?.command === BrowserCommand.hostAnnouncement && d.sourceName === `${NMBD_NAME}<00>`);
    assert.ok(announcement, 'the host announcement is in the capture');
    assert.equal(announcement.mailslot, BROWSE);
    assert.deepEqual(announcement.problems, []);
    const response = result.datagrams.find((d) => d.decoded.browser?.command === BrowserCommand.getBackupListResponse);
    assert.ok(response, 'the backup list response is in the capture');
    const delivered = replies.received.find((r) => decodeBrowserMessage(BROWSE, r.bytes)?.command === BrowserCommand.getBackupListResponse);
    assert.deepEqual(response.data, delivered?.bytes);
  });

  test("Wireshark reads every datagram of the capture (nmbd's and Slotpipe's) as Slotpipe does", async () => {
    await capture!.stop();
    const result = readCapture(new Uint8Array(fs.readFileSync(capture!.file)));
    const theirs = new Map(tsharkFields(capture!.file, 138, ['frame.number', ...FIELDS]).map((f) => [Number(one(f, 'frame.number')), f]));
    const kinds = new Set<string>();
    for (const d of result.datagrams) {
      const packet = readIpv4Udp(d.wire);
      assert.ok(packet.kind === 'udp');
      const fields = theirs.get(d.packet);
      assert.ok(fields, `tshark shows packet ${d.packet}`);
      assertSameAsWireshark(packet.udp.payload, fields, `packet ${d.packet} (${d.sourceName} ${d.mailslot})`);
      kinds.add(`${d.mailslot} ${d.decoded.browser?.commandName ?? ''}`.trim());
    }
    for (const kind of ['\\MAILSLOT\\BROWSE Host Announcement', '\\MAILSLOT\\LANMAN Host Announcement', '\\MAILSLOT\\BROWSE Get Backup List Response']) {
      assert.ok(kinds.has(kind), `${kind} among ${[...kinds].join(', ')}`);
    }
  });
});
