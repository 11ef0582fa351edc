// The rename proxy and the live intercept off Windows, against a pipe server written in Python
// (test/fixtures/peers/echo_server.py, a Unix socket at .NET's CoreFxPipe_ path): both directions of each
// relayed client logged byte-exact, connections from before the intercept counted and left alone, and the
// server's own socket back in place after the intercept stops.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { PipeClient, WatcherEvent, WatcherSink } from '../../../extension/core/backend';
import { parseEndpoint, type Endpoint } from '../../../extension/core/endpoint';
import type { RawMessage } from '../../../extension/core/message';
import { connectUnixPipe, interceptUnixPipe, listUnixPipes, unixPipePath, watchUnixPipe } from '../../../extension/posix/index';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-icpt-'));
const posix = { directory: dir };
const peers = path.resolve(import.meta.dirname, '../../fixtures/peers');
const unique = (what: string) => parseEndpoint(`\\\\.\\pipe\\slotpipe_${what}_${Math.random().toString(36).slice(2, 8)}`, 'pipe');
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function collector() {
  const received: RawMessage[] = [];
  const events: WatcherEvent[] = [];
  const sink: WatcherSink = { messages: (batch) => void received.push(...batch), event: (e) => void events.push(e) };
  return { sink, received, events };
}

async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(done(), `timed out waiting for ${what}`);
}

/** The Python echo server ("pong <rest>" for each chunk) on the socket of `endpoint`. */
async function pythonServer(endpoint: Endpoint) {
  const child = spawn('python3', [path.join(peers, 'echo_server.py'), unixPipePath(endpoint, dir), '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)));
  await until(() => lines.includes('READY'), 'the Python server');
  return { lines, stop: () => child.kill() };
}

/** A client that sends `ping <n>` and waits for `pong <n>` each time. */
async function pingPong(endpoint: Endpoint, tag: string, count: number): Promise<PipeClient> {
  const got = collector();
  const client = await connectUnixPipe(endpoint, { posix }, got.sink);
  for (let n = 1; n <= count; n++) {
    await client.send(new TextEncoder().encode(`ping ${tag}-${n}`));
    await until(() => got.received.some((m) => m.direction === 'in' && text(m.bytes) === `pong ${tag}-${n}`), `pong ${tag}-${n}`);
  }
  return client;
}

function seen(received: RawMessage[], tag: string): string[] {
  return received.filter((m) => text(m.bytes).includes(`${tag}-`)).map((m) => `${m.direction} ${text(m.bytes)}`);
}

describe('pipe proxy and live intercept off Windows', { timeout: 60_000 }, () => {
  const stops: (() => unknown)[] = [];
  after(async () => {
    for (const stop of stops.reverse()) await stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('proxyTo: each client relayed to the real server, client → server in, server → client out', async () => {
    const real = unique('real');
    const name = unique('front');
    const server = await pythonServer(real);
    stops.push(server.stop);
    const watched = collector();
    const proxy = watchUnixPipe({ endpoint: name, proxyTo: real, posix }, watched.sink);
    await proxy.start();
    stops.push(() => proxy.stop());
    const client = await pingPong(name, 'a', 3);
    await client.close();
    await until(() => seen(watched.received, 'a').length === 6, 'both directions');
    assert.deepEqual(seen(watched.received, 'a'), ['in ping a-1', 'out pong a-1', 'in ping a-2', 'out pong a-2', 'in ping a-3', 'out pong a-3']);
    assert.equal(new Set(watched.received.map((m) => m.peer?.connection)).size, 1);
  });

  test('intercept: the server keeps running; new clients seen both ways, earlier ones counted and untouched; stop puts its socket back; its permissions are kept', async () => {
    const name = unique('live');
    const socketPath = unixPipePath(name, dir);
    const server = await pythonServer(name);
    stops.push(server.stop);
    fs.chmodSync(socketPath, 0o660);
    const inode = fs.statSync(socketPath).ino;
    const early = await pingPong(name, 'early', 1);

    const watched = collector();
    const intercept = interceptUnixPipe({ endpoint: name, intercept: true, posix }, watched.sink);
    await intercept.start();
    stops.push(() => intercept.stop());
    assert.ok(watched.events.some((e) => e.type === 'listening' && /the server's socket waits at .*\.slotpipe-intercepted/.test(e.detail ?? '')));
    if (process.platform === 'linux') {
      const notices = watched.events.filter((e) => e.type === 'notice').map((e) => (e as { message: string }).message);
      assert.deepEqual(notices, [`1 connection to ${name.path} existed before the intercept started and is not seen`]);
    }
    assert.ok((await listUnixPipes(dir)).some((p) => p.name === `${name.name}.slotpipe-intercepted`), 'the moved socket is listed under its new name');
    assert.equal(fs.statSync(socketPath).mode & 0o777, 0o660, "Slotpipe's socket admits whom the server's admitted");

    const fresh = await pingPong(name, 'new', 3);
    await early.send(new TextEncoder().encode('ping early-2'));
    await until(() => server.lines.filter((l) => l.startsWith('REPLIED')).length === 5, 'the early client to be answered directly');
    await fresh.close();
    await until(() => seen(watched.received, 'new').length === 6, 'both directions');
    assert.deepEqual(seen(watched.received, 'new'), ['in ping new-1', 'out pong new-1', 'in ping new-2', 'out pong new-2', 'in ping new-3', 'out pong new-3']);
    assert.deepEqual(seen(watched.received, 'early'), [], 'a connection from before is not seen');

    await intercept.stop();
    assert.equal(fs.statSync(socketPath).ino, inode, "the server's own socket is back at its name");
    const messages = watched.received.length;
    const after = await pingPong(name, 'after', 2);
    await after.close();
    await early.close();
    assert.equal(watched.received.length, messages, 'after the stop nothing goes through Slotpipe');
    assert.equal(server.lines.filter((l) => l === 'CONNECTED').length, 3, "the early client, Slotpipe's relay of the new one, and the one after");
  });

  test('intercept refuses a name nobody serves', async () => {
    const intercept = interceptUnixPipe({ endpoint: unique('none'), intercept: true, posix }, collector().sink);
    await assert.rejects(intercept.start(), /cannot intercept .*: No server is listening on .*nothing to intercept/);
  });
});
