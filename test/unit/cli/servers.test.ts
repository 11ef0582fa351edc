/**
 * `slotpipe watch --servers` (dist/cli.js, run with node) on NetBIOS datagrams over loopback: each server
 * once when announced, then late and gone when its announcements stop, as text; a struct of the user's
 * (--server-struct with --header) announces servers too, as JSON.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

const root = path.resolve(import.meta.dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-servers-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => {
    const { port } = socket.address();
    socket.close(() => resolve(port));
  }));
}

async function watchServers(args: string[], count: number) {
  const child = spawn(process.execPath, [cli, 'watch', ...args, '--servers', '--count', String(count)], { cwd: root });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const deadline = Date.now() + 20_000;
  while (!/^watching /m.test(stderr)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the watcher did not start: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { exited, output: () => ({ stdout, stderr }) };
}

function send(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, 'send', ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
}

test('each server when announced, then late and gone once it stops', async () => {
  const port = await freeUdpPort();
  const slot = '\\\\.\\mailslot\\servers_cli';
  const watcher = await watchServers([slot, '--port', String(port), '--bind', '127.0.0.1'], 3);
  send(slot, '--struct', 'MS_MESSAGE', '--set', 'ipStr=10.9.8.7', '--set', 'port=4242', '--count', '4', '--repeat', '0.1', '--port', String(port), '--to', '127.0.0.1', '--name', 'ANNOUNCER');
  assert.equal(await watcher.exited, 0, watcher.output().stderr);
  const lines = watcher.output().stdout.trim().split('\n');
  assert.equal(lines.length, 3, lines.join('\n'));
  assert.match(lines[0], /^\d\d:\d\d:\d\d\.\d{3} server 10\.9\.8\.7:4242 announced \(MS_MESSAGE on \\\\\.\\mailslot\\servers_cli from 127\.0\.0\.1:\d+ ANNOUNCER<00>\)$/);
  assert.match(lines[1], /^\d\d:\d\d:\d\d\.\d{3} server 10\.9\.8\.7:4242 is late: not heard for \d+\.\d s, usually every 0\.\d s$/);
  assert.match(lines[2], /^\d\d:\d\d:\d\d\.\d{3} server 10\.9\.8\.7:4242 is gone: not heard for \d+\.\d s, usually every 0\.\d s$/);
});

test('--server-struct: a struct of yours names where its server is; --json', async () => {
  const header = path.join(dir, 'hello.h');
  fs.writeFileSync(header, '#define HELLO_MAGIC 0x48454c4f\ntypedef struct { unsigned int magic; /* magic: HELLO_MAGIC */ unsigned short port; char host[32]; } SERVER_HELLO;\n');
  const port = await freeUdpPort();
  const slot = '\\\\.\\mailslot\\servers_hello';
  const watcher = await watchServers([slot, '--port', String(port), '--bind', '127.0.0.1', '--header', header, '--server-struct', 'SERVER_HELLO:host:port', '--json'], 1);
  send(slot, '--header', header, '--struct', 'SERVER_HELLO', '--set', 'host=db-01.example', '--set', 'port=7000', '--port', String(port), '--to', '127.0.0.1');
  assert.equal(await watcher.exited, 0, watcher.output().stderr);
  const event = JSON.parse(watcher.output().stdout);
  assert.deepEqual([event.event, event.address, event.host, event.port, event.struct, event.liveness, event.count], ['announced', 'db-01.example:7000', 'db-01.example', 7000, 'SERVER_HELLO', 'live', 1]);
  const bad = spawnSync(process.execPath, [cli, 'watch', slot, '--servers', '--server-struct', 'NOPE:a:b'], { cwd: root, encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--server-struct: no struct named NOPE; add its header with --header FILE/);
});
