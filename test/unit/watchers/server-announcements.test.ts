import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TrafficLog } from '../../../extension/core/traffic-log';
import { DiscoveredServers, readAnnouncement, writeAnnouncement } from '../../../extension/watchers/server-announcements';

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
  const servers = new DiscoveredServers();
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
  assert.deepEqual(a, { ipText: '10.77.0.2', ip: '10.77.0.2', port: 5150, address: '10.77.0.2:5150', endpoint: '\\\\.\\mailslot\\sms', firstSeen: 1000, lastSeen: 3000, count: 2, from: '10.77.0.2:138' });
  assert.equal(b.address, '0.0.0.0:7000', 'a name in ipStr falls back to the ip field');
  servers.clear();
  assert.deepEqual(servers.list(), []);
});
