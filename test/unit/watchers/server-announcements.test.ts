import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TrafficLog } from '../../../extension/core/traffic-log';
import { StructRegistry, encodeStruct } from '../../../extension/decode/index';
import { DiscoveredServers, readAnnouncement, writeAnnouncement, type LivenessChange } from '../../../extension/watchers/server-announcements';
import type { TrafficMessage } from '../../../extension/core/message';

test('reads the 32-byte MS_MESSAGE as the classic sample lays it out (little endian)', () => {
  const bytes = new Uint8Array(32);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0xaabbccdd, true);
  bytes.set(new TextEncoder().encode('192.168.1.20'), 4);
  bytes.set([192, 168, 1, 20], 24);
  view.setUint32(28, 27015, true);
  assert.deepEqual(readAnnouncement(bytes), { ipText: '192.168.1.20', ip: '192.168.1.20', port: 27015 });
  assert.deepEqual([...writeAnnouncement('192.168.1.20', 27015)], [...bytes]);
});

test('ignores messages of another size or magic', () => {
  const good = writeAnnouncement('10.0.0.1', 80);
  assert.equal(readAnnouncement(good.subarray(0, 31)), undefined);
  const wrongMagic = good.slice();
  wrongMagic[0] ^= 1;
  assert.equal(readAnnouncement(wrongMagic), undefined);
  assert.equal(readAnnouncement(new Uint8Array(33)), undefined);
});

test('keeps one entry per address with first and last seen, fed from the log', () => {
  const log = new TrafficLog(10);
  const servers = new DiscoveredServers({ clock: () => 3500 });
  let changes = 0;
  servers.onDidChange(() => changes++);
  log.onAppend((batch) => servers.observe(batch));
  const from = { address: '10.77.0.2:138' };
  log.append('w', '\\\\.\\mailslot\\sms', [{ time: 1000, direction: 'in', bytes: writeAnnouncement('10.77.0.2', 5150), peer: from }]);
  log.append('w', '\\\\.\\mailslot\\sms', [
    { time: 2000, direction: 'in', bytes: new TextEncoder().encode('not an announcement') },
    { time: 3000, direction: 'in', bytes: writeAnnouncement('10.77.0.2', 5150), peer: from },
    { time: 3500, direction: 'in', bytes: writeAnnouncement('server-b', 7000) },
  ]);
  const [b, a] = servers.list();
  assert.equal(changes, 2);
  assert.deepEqual(a, {
    host: '10.77.0.2', port: 5150, address: '10.77.0.2:5150', struct: 'MS_MESSAGE', endpoint: '\\\\.\\mailslot\\sms', firstSeen: 1000, lastSeen: 3000, count: 2,
    interval: 2000, from: '10.77.0.2:138', liveness: 'live',
  });
  assert.equal(b.address, '0.0.0.0:7000', 'a name in ipStr falls back to the ip field');
  servers.clear();
  assert.deepEqual(servers.list(), []);
});

const announcement = (time: number, bytes = writeAnnouncement('10.0.0.9', 4000), peer = { name: 'SRV<00>', address: '10.0.0.9:138' }): TrafficMessage =>
  ({ seq: 1, watcherId: 'w', endpoint: '\\\\.\\mailslot\\@_MSClient_@', time, direction: 'in', bytes, peer, flags: 0 });

test('liveness: late after 3 usual intervals, gone after 10, live again when heard; one timer for the next change', async () => {
  let now = 0;
  const servers = new DiscoveredServers({ clock: () => now });
  const seen: string[] = [];
  servers.onDidChangeLiveness((changes: LivenessChange[]) => seen.push(...changes.map((c) => `${c.server.address} ${c.previous ?? 'new'}->${c.server.liveness}`)));
  for (const t of [0, 1000, 2000, 2005, 3000]) {
    now = t;
    servers.observe([announcement(t)]);
  }
  const [server] = servers.list();
  assert.equal(server.interval, 1000, 'a repeat 5 ms later is the same announcement, not an interval');
  assert.equal(server.from, '10.0.0.9:138 SRV<00>');
  assert.equal(server.count, 5);
  servers.check((now = 5999));
  assert.equal(servers.list()[0].liveness, 'live');
  servers.check((now = 6000));
  assert.equal(servers.list()[0].liveness, 'late');
  servers.check((now = 12_999));
  servers.check((now = 13_000));
  assert.equal(servers.list()[0].liveness, 'gone');
  assert.equal(servers.list().length, 1, 'a gone server is kept until cleared');
  now = 14_000;
  servers.observe([announcement(14_000)]);
  assert.deepEqual(seen, ['10.0.0.9:4000 new->live', '10.0.0.9:4000 live->late', '10.0.0.9:4000 late->gone', '10.0.0.9:4000 gone->live']);
  servers.clear();
});

test('the timer fires by itself at the next change, and not at all when every server is gone', async () => {
  const servers = new DiscoveredServers();
  const changes: LivenessChange[] = [];
  servers.onDidChangeLiveness((c) => changes.push(...c));
  const start = Date.now();
  servers.observe([announcement(start - 1000), announcement(start - 980)]);
  // Interval 20 ms: late at 60 ms after the last, gone at 200 ms.
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.deepEqual(changes.map((c) => c.server.liveness), ['gone'], 'an announcement a second old is gone at once');
  const other = writeAnnouncement('10.0.0.10', 4000);
  servers.observe([announcement(Date.now() - 40, other), announcement(Date.now() - 20, other)]);
  // Late 40 ms from now, gone 180 ms from now: the timer gets there by itself (a busy machine may skip "late").
  const deadline = Date.now() + 5000;
  while (changes.at(-1)?.server.liveness !== 'gone' || changes.length < 3) {
    assert.ok(Date.now() < deadline, JSON.stringify(changes));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const states = changes.map((c) => `${c.server.host} ${c.server.liveness}`);
  assert.deepEqual(states.filter((s) => s !== '10.0.0.10 late'), ['10.0.0.9 gone', '10.0.0.10 live', '10.0.0.10 gone']);
  assert.equal((servers as unknown as { timer: unknown }).timer, undefined, 'no timer waits once all are gone');
  servers.dispose();
});

test('a user struct mapped to its address and port fields fills the list too', () => {
  const registry = StructRegistry.withBuiltins();
  registry.addHeader('hello.h', `
    #define HELLO_MAGIC 0x48454c4f
    typedef struct { unsigned int magic; /* magic: HELLO_MAGIC */ unsigned short port; char host[32]; unsigned int addr; } SERVER_HELLO;
  `);
  const layout = registry.get('SERVER_HELLO')!;
  const servers = new DiscoveredServers({ registry: () => registry, mappings: () => [{ struct: 'SERVER_HELLO', address: ['host', 'addr'], port: 'port' }], clock: () => 0 });
  const named = encodeStruct(layout, { magic: String(0x48454c4f), port: '7000', host: 'db-01.example' });
  const numeric = encodeStruct(layout, { magic: String(0x48454c4f), port: '7001', addr: String(0x0200000a) });
  const wrongMagic = encodeStruct(layout, { magic: '1', port: '7002', host: 'x' });
  servers.observe([announcement(0, named), announcement(0, numeric), announcement(0, wrongMagic), announcement(0, new Uint8Array(layout.size))]);
  assert.deepEqual(servers.list().map((s) => [s.address, s.struct]).sort(), [['10.0.0.2:7001', 'SERVER_HELLO'], ['db-01.example:7000', 'SERVER_HELLO']]);
});
