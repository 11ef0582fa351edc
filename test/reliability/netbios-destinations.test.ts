// The NetBIOS sender sends only where the user configured: the sender runs in a network namespace of
// its own, tshark records every IPv4 UDP and TCP packet that namespace sends (loopback included), and
// each packet must go to a destination the case named. A machine name without an address costs a
// name query to the configured broadcast address, nothing more.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { createTestNetwork, type TestNetwork } from '../netbios/netns';
import { missing } from '../netbios/requirements';

const skip = missing(['tshark', 'ip'], true);
const repoRoot = path.resolve(import.meta.dirname, '../..');

describe('NetBIOS sender destinations', { skip }, () => {
  let network: TestNetwork | undefined;
  const folder = skip ? '' : fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-reliability-netbios-'));
  after(() => {
    network?.remove();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  test('every packet goes to a configured address and port, and nowhere else', { timeout: 120_000 }, async () => {
    network = createTestNetwork('rel');
    const { namespace, peerAddress, hostAddress, broadcast } = network;
    const port = 20000 + Math.floor(Math.random() * 20000);
    const nameServicePort = port + 1;
    const cases = [
      { endpoint: '\\\\.\\mailslot\\rel\\local', options: { port, to: '127.0.0.1' }, count: 3 },
      { endpoint: '\\\\*\\mailslot\\rel\\everyone', options: { port, broadcast }, count: 3 },
      { endpoint: '\\\\SOMEHOST\\mailslot\\rel\\one', options: { port, to: hostAddress }, count: 3 },
      { endpoint: '\\\\RELWORKGROUP\\mailslot\\rel\\group', options: { port, broadcast, workgroup: 'RELWORKGROUP' }, count: 2 },
      // No address for the machine: a name query to the configured broadcast, no answer, nothing sent.
      { endpoint: '\\\\NOBODY\\mailslot\\rel\\unknown', options: { port, broadcast, nameServicePort, nameQueryTimeout: 300 }, count: 1 },
      // Too big for a datagram: refused before anything leaves.
      { endpoint: '\\\\*\\mailslot\\rel\\big', options: { port: port + 2, broadcast }, count: 1, size: 600 },
    ];
    const allowed = new Map([
      [`127.0.0.1:${port}`, 3],
      [`${broadcast}:${port}`, 3 + 2],
      [`${hostAddress}:${port}`, 3],
    ]);
    const nameQueries = `${broadcast}:${nameServicePort}`;

    const file = path.join(folder, 'sent.pcapng');
    const tshark = spawn('ip', ['netns', 'exec', namespace, 'tshark', '-i', 'any', '-f', 'ip and (udp or tcp)', '-w', file, '-F', 'pcapng'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let tsharkErr = '';
    tshark.stderr.on('data', (chunk) => (tsharkErr += chunk));
    const tsharkExit = new Promise((resolve) => tshark.on('exit', resolve));
    const deadline = Date.now() + 20_000;
    while (!/Capturing on/.test(tsharkErr) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.match(tsharkErr, /Capturing on/, 'tshark started');
    await new Promise((resolve) => setTimeout(resolve, 1000)); // "Capturing on" comes just before the capture really runs

    const sender = spawn('ip', ['netns', 'exec', namespace, process.execPath, '--import', 'tsx', path.join(import.meta.dirname, 'netbios-sender-child.ts'), JSON.stringify(cases)], {
      cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    sender.stdout.on('data', (chunk) => (out += chunk));
    const senderExit = new Promise((resolve) => sender.on('exit', resolve));
    sender.stdin.write('go\n');
    assert.equal(await senderExit, 0, out);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    tshark.kill('SIGINT');
    await tsharkExit;

    assert.match(out, /REFUSED 4 .*NOBODY/, 'an unknown machine without an address is refused');
    assert.match(out, /REFUSED 5 the message is 600 bytes; .* limited to 424 bytes/, 'an oversize datagram is refused before sending');
    const lines = out.trim().split('\n');
    assert.equal(lines.at(-1), 'DONE');
    const fields = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'ip.src', '-e', 'ip.dst', '-e', 'udp.dstport', '-e', 'tcp.dstport'], { encoding: 'utf8' });
    assert.equal(fields.status, 0, fields.stderr);
    const packets = fields.stdout.trim().split('\n').filter(Boolean).map((l) => l.split('\t'));
    const counted = new Map<string, number>();
    for (const [source, destination, udpPort, tcpPort] of packets) {
      const where = `${destination}:${udpPort || tcpPort}`;
      assert.ok(allowed.has(where) || where === nameQueries, `a packet from ${source} went to ${where}, which no case configured`);
      assert.ok(source === '127.0.0.1' || source === peerAddress, `sent from ${source}`);
      counted.set(where, (counted.get(where) ?? 0) + 1);
    }
    for (const [where, count] of allowed) assert.equal(counted.get(where), count, `${where}: every datagram captured`);
    assert.ok((counted.get(nameQueries) ?? 0) >= 1, 'the name query went to the configured broadcast');
    console.log(`${packets.length} packets captured, all to configured destinations: ${JSON.stringify(Object.fromEntries(counted))}`);
  });
});
