// The UDP watcher and sender on loopback: filtering by mailslot, "*" for everything, malformed
// datagrams still shown, repeats dropped, clear errors (privileged port as an unprivileged user, port
// in use, oversized messages, unanswered name queries), a burst logged in order with each packet kept
// byte for byte where the watcher wrote it, and stop() closing the socket.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { sendRaw } from './send-raw';
import type { WatcherEvent, WatcherSink } from '../../extension/core/backend';
import { ALL_MAILSLOTS, parseEndpoint, type Endpoint } from '../../extension/core/endpoint';
import { MessageFlag, type RawMessage } from '../../extension/core/message';
import { DatagramType } from '../../extension/netbios/datagram';
import { buildIpv4Udp, readIpv4Udp } from '../../extension/netbios/ipv4-udp';
import { TrafficLog } from '../../extension/core/traffic-log';
import { decodeMailslotDatagram, encodeMailslotDatagram } from '../../extension/netbios/mailslot-datagram';
import { openDatagramSender } from '../../extension/netbios/udp-sender';
import { watchDatagrams } from '../../extension/netbios/udp-watcher';
import { missing } from './requirements';

const randomPort = () => 20000 + Math.floor(Math.random() * 40000);
const unique = (what: string) => `slotpipe_${what}_${Math.random().toString(36).slice(2, 8)}`;
const allMailslots: Endpoint = parseEndpoint('\\\\.\\mailslot\\*');

function collector() {
  const received: RawMessage[] = [];
  const events: WatcherEvent[] = [];
  const sink: WatcherSink = { messages: (batch) => void received.push(...batch), event: (e) => void events.push(e) };
  const until = async (count: number) => {
    for (let i = 0; i < 500 && received.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  return { sink, received, events, until };
}

const datagram = (mailslot: string, id: number, data: string) => encodeMailslotDatagram({
  type: DatagramType.directUnique, more: false, first: true, nodeType: 0, id, sourceIp: '127.0.0.1', sourcePort: 138,
  sourceName: { name: 'PEER', suffix: 0, scope: '' }, destinationName: { name: 'ME', suffix: 0, scope: '' }, mailslot, data: new TextEncoder().encode(data),
});

describe('NetBIOS UDP watcher and sender', { timeout: 60_000 }, () => {
  test('a watcher sees only its mailslot; "*" sees everything, malformed datagrams included', async () => {
    const mine = unique('mine');
    const [onePort, allPort] = [randomPort(), randomPort()];
    const one = collector();
    const all = collector();
    const watcher = watchDatagrams({ endpoint: parseEndpoint(`\\\\.\\mailslot\\${mine}`), netbios: { bind: '127.0.0.1', port: onePort } }, one.sink);
    const everything = watchDatagrams({ endpoint: allMailslots, netbios: { bind: '127.0.0.1', port: allPort } }, all.sink);
    await watcher.start();
    await everything.start();
    const broken = Uint8Array.of(0x10, 0x02, 0, 3, 127, 0, 0, 1, 0, 138, 0, 99);
    try {
      for (const port of [onePort, allPort]) {
        await sendRaw(datagram(mine, 1, 'for me'), port);
        await sendRaw(datagram(unique('other'), 2, 'not for me'), port);
        await sendRaw(broken, port);
      }
      await all.until(3);
      await one.until(1);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await watcher.stop();
      await everything.stop();
    }
    assert.deepEqual(one.received.map((m) => new TextDecoder().decode(m.bytes)), ['for me']);
    assert.deepEqual(all.received.slice(0, 2).map((m) => new TextDecoder().decode(m.bytes)), ['for me', 'not for me']);
    assert.equal(all.received.length, 3);
    const shown = all.received[2];
    assert.equal(shown.flags, MessageFlag.network | MessageFlag.malformed);
    assert.equal(shown.bytes.length, 0, 'no mailslot data could be read');
    assert.deepEqual(shown.wire!.subarray(28), broken, 'the bytes are kept on the wire copy');
    assert.match(one.events.find((e) => e.type === 'listening')?.type === 'listening' ? String((one.events[0] as { detail?: string }).detail) : '', new RegExp(`datagrams to \\\\MAILSLOT\\\\${mine.toUpperCase()}`));
    assert.equal(one.events.at(-1)?.type, 'stopped');
  });

  test('repeats (same source, id and bytes) are dropped and counted; others are kept', async () => {
    const port = randomPort();
    const name = unique('repeat');
    const c = collector();
    const watcher = watchDatagrams({ endpoint: parseEndpoint(`\\\\.\\mailslot\\${name}`), netbios: { bind: '127.0.0.1', port } }, c.sink);
    await watcher.start();
    try {
      await sendRaw(datagram(name, 7, 'once'), port);
      await sendRaw(datagram(name, 7, 'once'), port);
      await sendRaw(datagram(name, 7, 'same id, new bytes'), port);
      await sendRaw(datagram(name, 8, 'once'), port);
      await c.until(3);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await watcher.stop();
    }
    assert.deepEqual(c.received.map((m) => new TextDecoder().decode(m.bytes)), ['once', 'same id, new bytes', 'once']);
    assert.equal(watcher.repeats, 1);
    assert.equal(c.received[0].peer?.name, 'PEER<00>');
    assert.match(c.received[0].peer?.address ?? '', /^127\.0\.0\.1:\d+$/);
  });

  test('a burst is decoded in order once the socket goes quiet, and the log keeps each packet byte for byte in its slab', async () => {
    const port = randomPort();
    const name = unique('burst');
    const c = collector();
    const log = new TrafficLog(10_000);
    const sink: WatcherSink = { messages: (batch) => c.sink.messages(log.append('w', name, batch)), event: c.sink.event };
    const watcher = watchDatagrams({ endpoint: parseEndpoint(`\\\\.\\mailslot\\${name}`), netbios: { bind: '127.0.0.1', port } }, sink);
    await watcher.start();
    const sent = Array.from({ length: 3000 }, (_, i) => datagram(name, i, `burst ${i}`));
    const socket = dgram.createSocket('udp4');
    let sourcePort = 0;
    try {
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
      sourcePort = socket.address().port;
      for (let i = 0; i < sent.length; i += 100) {
        await Promise.all(sent.slice(i, i + 100).map((d) => new Promise((resolve) => socket.send(d, port, '127.0.0.1', resolve))));
      }
      await c.until(sent.length);
    } finally {
      socket.close();
      await watcher.stop();
    }
    assert.deepEqual(c.received.map((m) => new TextDecoder().decode(m.bytes)), sent.map((_, i) => `burst ${i}`), 'every datagram of the burst, in order');
    const held = log.range(0, sent.length);
    assert.equal(held.length, sent.length);
    held.forEach((m, i) => assert.deepEqual(m.wire, buildIpv4Udp('127.0.0.1', sourcePort, '127.0.0.1', port, sent[i]), `packet ${i} as it was on the wire`));
    held.forEach((m, i) => assert.equal(m.wire!.buffer, c.received[i].wire!.buffer, `packet ${i} kept where the watcher wrote it, not copied`));
    const slabs = new Set(held.map((m) => m.wire!.buffer));
    assert.ok(slabs.size < sent.length / 100, `packets share slabs (${slabs.size} buffers for ${sent.length})`);
  });

  test('only local mailslot names can be watched', () => {
    assert.throws(() => watchDatagrams({ endpoint: parseEndpoint('\\\\*\\mailslot\\x') }, collector().sink), /use \\\\\.\\mailslot\\x to watch it/);
    assert.throws(() => watchDatagrams({ endpoint: parseEndpoint('\\\\.\\pipe\\x') }, collector().sink), /mailslots only/);
  });

  test('stop() closes the socket: the port can be bound again without sharing', async () => {
    const port = randomPort();
    const c = collector();
    const watcher = watchDatagrams({ endpoint: allMailslots, netbios: { bind: '127.0.0.1', port, reuseAddr: false } }, c.sink);
    await watcher.start();
    await watcher.stop();
    await watcher.stop();
    assert.deepEqual(c.events.map((e) => e.type), ['listening', 'stopped']);
    const again = watchDatagrams({ endpoint: allMailslots, netbios: { bind: '127.0.0.1', port, reuseAddr: false } }, collector().sink);
    await again.start();
    await again.stop();
  });

  test('a port in use is reported with what to do', async () => {
    const port = randomPort();
    const first = watchDatagrams({ endpoint: allMailslots, netbios: { bind: '127.0.0.1', port, reuseAddr: false } }, collector().sink);
    await first.start();
    const c = collector();
    const second = watchDatagrams({ endpoint: allMailslots, netbios: { bind: '127.0.0.1', port, reuseAddr: false } }, c.sink);
    try {
      await assert.rejects(second.start(), /UDP 127\.0\.0\.1:\d+ is already in use .*choose another --port/);
      const error = c.events.find((e) => e.type === 'error');
      assert.ok(error && error.type === 'error' && error.fatal && error.code === 'EADDRINUSE');
    } finally {
      await first.stop();
      await second.stop();
    }
  });

  test('binding UDP 138 as an unprivileged user names the ways out', { skip: missing(['setpriv'], true) }, () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-netbios-priv-'));
    fs.chmodSync(dir, 0o755);
    const script = path.join(dir, 'bind.ts');
    fs.writeFileSync(script, [
      `import { watchDatagrams } from ${JSON.stringify(path.join(root, 'extension/netbios/udp-watcher.ts'))};`,
      `import { parseEndpoint } from ${JSON.stringify(path.join(root, 'extension/core/endpoint.ts'))};`,
      "const w = watchDatagrams({ endpoint: parseEndpoint('x', 'mailslot'), netbios: { bind: '127.0.0.1' } }, { messages() {}, event() {} });",
      "w.start().then(() => { console.log('bound'); return w.stop(); }, (e) => console.log(e.message));",
    ].join('\n'));
    fs.chmodSync(script, 0o644);
    const result = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--inh-caps=-all', '--bounding-set=-all',
      process.execPath, '--import', 'tsx', script], { cwd: root, encoding: 'utf8', env: { ...process.env, HOME: dir, TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json') } });
    fs.rmSync(dir, { recursive: true, force: true });
    const output = `${result.stdout}${result.stderr}`;
    if (output.includes('bound')) {
      // net.ipv4.ip_unprivileged_port_start is at or below 138 here: nothing to refuse.
      assert.ok(Number(spawnSync('sysctl', ['-n', 'net.ipv4.ip_unprivileged_port_start'], { encoding: 'utf8' }).stdout) <= 138);
      return;
    }
    assert.match(output, /binding UDP 127\.0\.0\.1:138 needs privileges/);
    assert.match(output, /run as root/);
    assert.match(output, /cap_net_bind_service/);
    assert.match(output, /net\.ipv4\.ip_unprivileged_port_start=138/);
    assert.match(output, /--port/);
  });

  test('the sender refuses what cannot go as a datagram, with the reason', async () => {
    const sender = await openDatagramSender(parseEndpoint('\\\\.\\mailslot\\slotpipe_limit'), { to: '127.0.0.1', port: randomPort(), name: 'SLOTPIPE' });
    try {
      await assert.rejects(sender.send(new Uint8Array(425)), /425 bytes; a mailslot message sent over the network .* limited to 424 bytes/);
      await sender.send(new Uint8Array(424));
      const wire = readIpv4Udp(sender.lastWire!);
      assert.ok(wire.kind === 'udp');
      assert.equal(wire.udp.destination, '127.0.0.1');
      assert.equal(decodeMailslotDatagram(wire.udp.payload).data.length, 424, 'lastWire is the datagram just sent');
    } finally {
      await sender.close();
    }
    await assert.rejects(sender.send(new Uint8Array(1)), /closed/);
    await assert.rejects(openDatagramSender(parseEndpoint('\\\\.\\pipe\\x'), {}), /mailslots only/);
    await assert.rejects(openDatagramSender(parseEndpoint('\\\\10.0.0.1\\mailslot\\x'), {}), /give its address with --to 10\.0\.0\.1/);
    await assert.rejects(openDatagramSender(parseEndpoint('\\\\SOMEBODYLONGNAME\\mailslot\\x'), { to: '127.0.0.1' }), /at most 15 fit/);
  });

  test('an unanswered name query fails clearly, suggesting --to', async () => {
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', () => resolve()));
    let queries = 0;
    silent.on('message', () => queries++);
    try {
      await assert.rejects(
        openDatagramSender(parseEndpoint('\\\\NOBODY\\mailslot\\x'), { broadcast: '127.0.0.1', nameServicePort: silent.address().port, nameQueryTimeout: 600 }),
        /nobody answered the NetBIOS name query for NOBODY<00> sent to 127\.0\.0\.1:\d+ within 600 ms; give the machine's address with --to/,
      );
      assert.ok(queries >= 2, `the query was repeated (${queries})`);
    } finally {
      silent.close();
    }
  });
});
