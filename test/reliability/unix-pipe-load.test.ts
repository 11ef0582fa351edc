// Load on the Unix-socket pipe backend (pipes off Windows), through the same WatcherManager and
// TrafficLog the extension uses: 50 clients in another process at once, a flood past the log's
// capacity with a capture file, 1,000 connect/disconnect and 1,000 start/stop cycles, a 10 MB message.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { createWatcher } from '../../extension/backends';
import { parseEndpoint, watcherId } from '../../extension/core/endpoint';
import type { WatcherEvent } from '../../extension/core/backend';
import { TrafficLog } from '../../extension/core/traffic-log';
import { CaptureFileWriter } from '../../extension/capture/capture-file';
import { readCaptureFile } from '../../extension/capture/capture-import';
import { connectUnixPipe } from '../../extension/posix/unix-pipe-client';
import { watchUnixPipe } from '../../extension/posix/unix-pipe-server';
import { WatcherManager } from '../../extension/watchers/watcher-manager';
import { checkStreams, loadLine, streamsByConnection } from './load-lines';
import { resources } from './process-resources';

const skip = process.platform === 'win32' ? 'Unix-socket pipes are the backend off Windows' : false;
const repoRoot = path.resolve(import.meta.dirname, '../..');
// Short: a socket path holds at most 103 bytes.
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-rel-'));
after(() => fs.rmSync(folder, { recursive: true, force: true }));

const uniqueName = (what: string) => `rel-${what}-${randomBytes(3).toString('hex')}`;

/** A WatcherManager over a log, its watcher a real Unix-socket pipe server in our folder. */
async function managedPipe(name: string, capacity: number) {
  const log = new TrafficLog(capacity);
  const problems: string[] = [];
  const info: string[] = [];
  const manager = new WatcherManager(log, { info: (m) => info.push(m), warn: (m) => problems.push(m), error: (m) => problems.push(m) }, {
    create: (options, sink, choice) => createWatcher({ ...options, posix: { directory: folder } }, sink, choice),
  });
  const endpoint = `\\\\.\\pipe\\${name}`;
  await manager.apply([{ setting: { endpoint, decode: 'text', autoStart: true, pipeMode: 'byte' }, origin: 'user' }], true);
  const id = watcherId(endpoint);
  assert.equal(manager.get(id)?.state, 'listening', manager.get(id)?.error);
  return { log, manager, id, problems, info };
}

/** Runs the client process; resolves with its output once it has sent everything and ended. */
function runClients(name: string, clients: number, count: number, size = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'pipe-load-clients.ts'), folder, name, String(clients), String(count), String(size)], {
      cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`the client process ended with ${code}: ${out}`))));
  });
}

async function until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const bytesIn = (log: TrafficLog) => log.range(log.stats().firstSeq, log.stats().count).reduce((sum, m) => sum + m.bytes.length, 0);

describe('Unix-socket pipes under load', { skip }, () => {
  test('50 clients at once × 2,000 messages, one watcher: every message, in order, on its own connection', { timeout: 300_000 }, async () => {
    const clients = 50;
    const count = 2000;
    const size = 32;
    const name = uniqueName('load');
    const { log, manager, id, problems } = await managedPipe(name, 1_000_000);
    const out = await runClients(name, clients, count, size);
    assert.match(out, new RegExp(`CONNECTED ${clients}\\nSENT ${clients * count}`));
    await until(() => bytesIn(log) >= clients * count * size, 'every byte');
    await manager.dispose();
    const messages = log.range(1, log.stats().count);
    assert.equal(log.stats().dropped, 0);
    const { clientOf, lines } = checkStreams(streamsByConnection(messages), clients, count);
    assert.equal(lines, clients * count, 'every message received');
    assert.equal(new Set(clientOf.values()).size, clients, 'each connection is exactly one client');
    assert.deepEqual(problems, []);
    console.log(`${lines} messages from ${clients} clients in ${messages.length} reads, none lost`);
  });

  test('a flood beyond the log capacity: the ring keeps the newest, counts the rest, the capture file keeps all', { timeout: 300_000 }, async () => {
    const clients = 10;
    const count = 10_000;
    const capacity = 200;
    const name = uniqueName('flood');
    const file = path.join(folder, 'flood.jsonl');
    const { log, manager } = await managedPipe(name, capacity);
    const errors: string[] = [];
    const capture = await CaptureFileWriter.open(file, undefined, (m) => errors.push(m));
    log.onAppend((batch) => void capture.append(batch));
    await runClients(name, clients, count, 24);
    await until(() => log.stats().total > 0 && log.watcherCounters(watcherId(`\\\\.\\pipe\\${name}`)).bytes >= clients * count * 24, 'every byte');
    await manager.dispose();
    await capture.close();

    const stats = log.stats();
    assert.ok(stats.total > capacity, `the flood (${stats.total} reads) exceeds the capacity`);
    assert.equal(stats.count, capacity, 'the ring is full');
    assert.equal(stats.dropped, stats.total - capacity, 'every message pushed out is counted');
    assert.equal(stats.firstSeq, stats.total - capacity + 1, 'the newest are kept');
    assert.deepEqual(log.range(1, capacity).map((m) => m.seq), Array.from({ length: capacity }, (_, i) => stats.firstSeq + i));

    const loaded = await readCaptureFile(file);
    assert.deepEqual(loaded.problems, []);
    assert.equal(loaded.messages.length, stats.total, 'the capture file holds every message, also the dropped ones');
    assert.equal(capture.written, stats.total);
    assert.equal(capture.lost, 0);
    assert.deepEqual(errors, []);
    const { lines } = checkStreams(streamsByConnection(loaded.messages.map((m) => m.raw)), clients, count);
    assert.equal(lines, clients * count);
    assert.equal((fs.statSync(file).mode & 0o777).toString(8), '600', 'the capture file is the owner\'s only');
    console.log(`${lines} messages in ${stats.total} reads: ${stats.count} held, ${stats.dropped} dropped from the ring, ${loaded.messages.length} in the capture file`);
  });

  test('1,000 connect/disconnect cycles: descriptors and memory return to where they were', { timeout: 300_000 }, async () => {
    const name = uniqueName('conn');
    const events: WatcherEvent[] = [];
    const server = watchUnixPipe({ endpoint: parseEndpoint(`\\\\.\\pipe\\${name}`), posix: { directory: folder } }, { messages() {}, event: (e) => events.push(e) });
    await server.start();
    const ignore = { messages() {}, event() {} };
    const cycle = async (i: number) => {
      const client = await connectUnixPipe(parseEndpoint(`\\\\.\\pipe\\${name}`), { posix: { directory: folder } }, ignore);
      await client.send(loadLine(0, i));
      await client.close();
    };
    for (let i = 0; i < 50; i++) await cycle(i); // warm up: code compiled, pools filled
    await until(() => server.connections().length === 0, 'the warm-up clients to go');
    const before = await resources();
    for (let i = 0; i < 1000; i++) await cycle(i);
    await until(() => server.connections().length === 0, 'every client to be gone');
    const afterCycles = await resources();
    await server.stop();
    assert.equal(events.filter((e) => e.type === 'connected').length, 1050);
    assert.equal(events.filter((e) => e.type === 'disconnected').length, 1050);
    assert.equal(afterCycles.fds, before.fds, 'no descriptor left open');
    assert.ok(afterCycles.heapUsed - before.heapUsed < 2 * 1024 * 1024, `heap grew by ${afterCycles.heapUsed - before.heapUsed} bytes over 1,000 cycles`);
    console.log(`1,000 connect/disconnect cycles: descriptors ${before.fds} → ${afterCycles.fds}, heap ${before.heapUsed} → ${afterCycles.heapUsed}`);
  });

  test('1,000 watcher start/stop cycles: descriptors, socket files and memory return to where they were', { timeout: 300_000 }, async () => {
    const name = uniqueName('cyc');
    const { manager, id } = await managedPipe(name, 1000);
    const cycle = async () => {
      await manager.stop(id);
      await manager.start(id);
    };
    for (let i = 0; i < 50; i++) await cycle();
    const before = await resources();
    for (let i = 0; i < 1000; i++) await cycle();
    const afterCycles = await resources();
    assert.equal(manager.get(id)?.state, 'listening');
    await manager.dispose();
    assert.equal(afterCycles.fds, before.fds, 'no descriptor left open');
    assert.ok(afterCycles.heapUsed - before.heapUsed < 2 * 1024 * 1024, `heap grew by ${afterCycles.heapUsed - before.heapUsed} bytes over 1,000 cycles`);
    assert.deepEqual(fs.readdirSync(folder).filter((f) => f.includes(name) || f.startsWith('.slotpipe-')), [], 'no socket file or private folder left behind');
    console.log(`1,000 start/stop cycles: descriptors ${before.fds} → ${afterCycles.fds}, heap ${before.heapUsed} → ${afterCycles.heapUsed}`);
  });

  test('a client process killed mid-stream: an in-order prefix arrived, the disconnect is reported, the watcher goes on', { timeout: 120_000 }, async () => {
    const name = uniqueName('kill');
    const { log, manager, info } = await managedPipe(name, 1_000_000);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'pipe-load-clients.ts'), folder, name, '3', '1000000', '32'], {
      cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    await until(() => bytesIn(log) > 100_000, 'the stream to flow');
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    const id = watcherId(`\\\\.\\pipe\\${name}`);
    await until(() => info.filter((m) => /: client #\d+ disconnected/.test(m)).length === 3, 'the three disconnects');
    assert.equal(manager.get(id)?.state, 'listening');
    // The stream of each killed client is its lines in order, the last one possibly cut.
    const before = streamsByConnection(log.range(1, log.stats().count));
    assert.equal(before.size, 3);
    for (const [connection, text] of before) {
      const lines = text.split('\n');
      lines.pop();
      const client = /^c(\d+):/.exec(lines[0])![1];
      lines.forEach((line, i) => assert.equal(line.replace(/\.+$/, ''), `c${client}:${i}`, `connection ${connection}, line ${i}`));
    }
    // A new client is served as before.
    await runClients(name, 1, 10, 16);
    await until(() => streamsByConnection(log.range(1, log.stats().count)).size === 4, 'the new client');
    const after = streamsByConnection(log.range(1, log.stats().count));
    assert.equal([...after.values()].at(-1), Array.from({ length: 10 }, (_, i) => new TextDecoder().decode(loadLine(0, i, 16))).join(''));
    await manager.dispose();
  });

  test('a 10 MB message arrives whole; a zero-length write is no message and no error', { timeout: 120_000 }, async () => {
    const name = uniqueName('big');
    const { log, manager } = await managedPipe(name, 100_000);
    const client = await connectUnixPipe(parseEndpoint(`\\\\.\\pipe\\${name}`), { posix: { directory: folder } }, { messages() {}, event() {} });
    const big = new Uint8Array(10 * 1024 * 1024).map((_, i) => (i * 7 + 3) & 0xff);
    await client.send(new Uint8Array(0));
    await client.send(big);
    await client.send(new Uint8Array(0));
    await client.close();
    await until(() => bytesIn(log) >= big.length, 'the 10 MB');
    await manager.dispose();
    const messages = log.range(1, log.stats().count);
    assert.ok(messages.every((m) => m.bytes.length > 0), 'no empty message is invented');
    const joined = Buffer.concat(messages.map((m) => Buffer.from(m.bytes)));
    assert.equal(joined.length, big.length);
    assert.ok(joined.equals(Buffer.from(big)), 'byte for byte');
  });
});
