// Pipes off Windows as Unix sockets at .NET's CoreFxPipe_ paths: a server with many clients, data both
// ways, disconnects, permissions, stale and foreign socket files, clear errors, listing, and a peer
// written in another language (Python's socket module) on the same paths.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { PipeClient, WatcherEvent, WatcherSink } from '../../../extension/core/backend';
import { parseEndpoint } from '../../../extension/core/endpoint';
import type { RawMessage } from '../../../extension/core/message';
import { connectUnixPipe, listUnixPipes, unixPipePath, watchUnixPipe } from '../../../extension/posix/index';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-posix-'));
const posix = { directory: dir };
const unique = (what: string) => `slotpipe_${what}_${Math.random().toString(36).slice(2, 8)}`;
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
/** What a client received (its sink also gets what it sent, as `out`). */
const replies = (received: RawMessage[]) => received.filter((m) => m.direction === 'in');

function collector() {
  const received: RawMessage[] = [];
  const events: WatcherEvent[] = [];
  const sink: WatcherSink = { messages: (batch) => void received.push(...batch), event: (e) => void events.push(e) };
  const until = async (done: () => boolean, what: string) => {
    for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(done(), `timed out waiting for ${what}`);
  };
  return { sink, received, events, until };
}

/** A Unix socket owned by Python: `bind` only (a stale file nobody answers on) or `listen` (a live server). */
function pythonSocket(socketPath: string, mode: 'bind' | 'listen') {
  const code = [
    'import socket, sys',
    's = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)',
    `s.bind(${JSON.stringify(socketPath)})`,
    mode === 'listen' ? 's.listen(5); print("ready", flush=True); sys.stdin.read()' : 'print("ready", flush=True)',
  ].join('\n');
  const child = spawn('python3', ['-c', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { ready, exited, stop: () => child.stdin.end() };
}

describe('Unix-socket pipes', { timeout: 60_000 }, () => {
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('\\\\.\\pipe\\name maps to CoreFxPipe_name in the temp folder; remote names are refused', () => {
    assert.equal(unixPipePath(parseEndpoint('\\\\.\\pipe\\foo')), path.join(os.tmpdir(), 'CoreFxPipe_foo'));
    assert.equal(unixPipePath(parseEndpoint('//./pipe/a/b'), dir), path.join(dir, 'CoreFxPipe_a\\b'));
    assert.throws(() => unixPipePath(parseEndpoint('\\\\server\\pipe\\foo')), /pipes on other computers need Windows networking \(SMB\); off Windows only local pipes \(\\\\\.\\pipe\\foo\)/);
    assert.throws(() => unixPipePath(parseEndpoint(`\\\\.\\pipe\\${'x'.repeat(120)}`)), /Unix sockets allow at most 103/);
  });

  test('one server, 20 clients: data both ways, to one client or all, disconnects reported', async () => {
    const endpoint = parseEndpoint(`\\\\.\\pipe\\${unique('many')}`);
    const server = collector();
    const watcher = watchUnixPipe({ endpoint, posix }, server.sink);
    await watcher.start();
    const clients: { client: PipeClient; c: ReturnType<typeof collector> }[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const c = collector();
        clients.push({ client: await connectUnixPipe(endpoint, { posix }, c.sink), c });
      }
      await server.until(() => server.events.filter((e) => e.type === 'connected').length === 20, '20 connections');
      await Promise.all(clients.map(({ client }, i) => client.send(new TextEncoder().encode(`client ${i}`))));
      await server.until(() => server.received.length >= 20, '20 messages');
      const connections = new Set(server.received.map((m) => m.peer?.connection));
      assert.equal(connections.size, 20, 'every client has its own connection id');
      assert.deepEqual(server.received.map((m) => text(m.bytes)).sort(), clients.map((_, i) => `client ${i}`).sort());
      assert.ok(server.received.every((m) => m.direction === 'in'));

      // To one client: the connection the server saw "client 3" on.
      const third = server.received.find((m) => text(m.bytes) === 'client 3')!.peer!.connection!;
      await watcher.send!(new TextEncoder().encode('just you'), third);
      await clients[3].c.until(() => replies(clients[3].c.received).length === 1, 'the reply');
      assert.equal(text(replies(clients[3].c.received)[0].bytes), 'just you');
      await watcher.send!(new TextEncoder().encode('everyone'));
      await Promise.all(clients.map(({ c }) => c.until(() => c.received.some((m) => text(m.bytes) === 'everyone'), 'the broadcast')));
      assert.ok(clients.every(({ c }, i) => replies(c.received).length === (i === 3 ? 2 : 1)));
      // Each client's sink also got what it wrote, as `out` on its connection (the Win32 client reports its writes too).
      assert.ok(clients.every(({ c }, i) => c.received.some((m) => m.direction === 'out' && text(m.bytes) === `client ${i}` && m.peer?.connection === 1)));
      await assert.rejects(watcher.send!(Uint8Array.of(1), 9999), /no connected client 9999/);

      await clients[5].client.close();
      await server.until(() => server.events.some((e) => e.type === 'disconnected'), 'the disconnect');
      const gone = server.events.find((e) => e.type === 'disconnected');
      assert.ok(gone && gone.type === 'disconnected');
      const fifth = server.received.find((m) => text(m.bytes) === 'client 5')!.peer!.connection;
      assert.equal(gone.peer.connection, fifth);
      assert.equal(clients[5].c.events.at(-1)?.type, 'disconnected');
    } finally {
      const started = Date.now();
      await watcher.stop();
      assert.ok(Date.now() - started < 500 + 500, 'stop returns promptly with clients connected');
    }
    for (const { c } of clients.filter((_, i) => i !== 5)) {
      await c.until(() => c.events.some((e) => e.type === 'disconnected'), 'the server going away');
      const event = c.events.find((e) => e.type === 'disconnected');
      assert.ok(event && event.type === 'disconnected' && /server/.test(event.reason ?? ''), JSON.stringify(event));
    }
    assert.equal(fs.existsSync(unixPipePath(endpoint, dir)), false, 'stop removes the socket file');
    assert.equal(server.events.at(-1)?.type, 'stopped');
  });

  test('the socket file is 0600 by default, or the mode asked for', async () => {
    for (const mode of [undefined, 0o660]) {
      const endpoint = parseEndpoint(`\\\\.\\pipe\\${unique('mode')}`);
      const watcher = watchUnixPipe({ endpoint, posix: { ...posix, mode } }, collector().sink);
      await watcher.start();
      try {
        const stat = fs.lstatSync(unixPipePath(endpoint, dir));
        assert.ok(stat.isSocket());
        assert.equal(stat.mode & 0o777, mode ?? 0o600);
      } finally {
        await watcher.stop();
      }
    }
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('.slotpipe-')), [], 'no private folders are left behind');
  });

  test('a stale socket file (nobody answers) is replaced; a live one or a plain file is left alone', async () => {
    const stale = parseEndpoint(`\\\\.\\pipe\\${unique('stale')}`);
    const stalePath = unixPipePath(stale, dir);
    const py = pythonSocket(stalePath, 'bind');
    await py.ready;
    await py.exited;
    assert.ok(fs.lstatSync(stalePath).isSocket(), 'Python left its socket file behind');
    const client = collector();
    await assert.rejects(connectUnixPipe(stale, { posix }, client.sink), /no server is listening on .*: its socket .* is stale/);
    const watcher = watchUnixPipe({ endpoint: stale, posix }, collector().sink);
    await watcher.start();
    const connected = await connectUnixPipe(stale, { posix }, client.sink);
    await connected.close();
    await watcher.stop();

    const live = parseEndpoint(`\\\\.\\pipe\\${unique('live')}`);
    const livePy = pythonSocket(unixPipePath(live, dir), 'listen');
    await livePy.ready;
    const refused = collector();
    try {
      await assert.rejects(watchUnixPipe({ endpoint: live, posix }, refused.sink).start(), /already served by another program/);
      assert.ok(fs.lstatSync(unixPipePath(live, dir)).isSocket(), "the other server's socket is untouched");
      const error = refused.events.find((e) => e.type === 'error');
      assert.ok(error && error.type === 'error' && error.fatal);
    } finally {
      livePy.stop();
      await livePy.exited;
      fs.rmSync(unixPipePath(live, dir), { force: true });
    }

    const plain = parseEndpoint(`\\\\.\\pipe\\${unique('plain')}`);
    fs.writeFileSync(unixPipePath(plain, dir), 'not a socket');
    await assert.rejects(watchUnixPipe({ endpoint: plain, posix }, collector().sink).start(), /exists and is not a socket; Slotpipe leaves it alone/);
    assert.equal(fs.readFileSync(unixPipePath(plain, dir), 'utf8'), 'not a socket');
  });

  test('connecting to a pipe nobody serves says so', async () => {
    await assert.rejects(connectUnixPipe(parseEndpoint(`\\\\.\\pipe\\${unique('none')}`), { posix }, collector().sink), /no server is listening on .*there is no socket/);
    await assert.rejects(connectUnixPipe(parseEndpoint('\\\\host\\pipe\\x'), {}, collector().sink), /off Windows only local pipes/);
  });

  test('a Python client and a Python server meet Slotpipe on the same paths', async () => {
    const endpoint = parseEndpoint(`\\\\.\\pipe\\${unique('py')}`);
    const server = collector();
    const watcher = watchUnixPipe({ endpoint, posix }, server.sink);
    await watcher.start();
    try {
      const code = [
        'import socket',
        's = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)',
        `s.connect(${JSON.stringify(unixPipePath(endpoint, dir))})`,
        "s.sendall(b'hello from python')",
        'print(s.recv(100).decode(), flush=True)',
      ].join('\n');
      const child = spawn('python3', ['-c', code], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await server.until(() => server.received.length > 0, "Python's message");
      assert.equal(text(server.received[0].bytes), 'hello from python');
      await watcher.send!(new TextEncoder().encode('hello from slotpipe'), server.received[0].peer!.connection);
      await exited;
      assert.equal(output.trim(), 'hello from slotpipe');
    } finally {
      await watcher.stop();
    }

    const served = parseEndpoint(`\\\\.\\pipe\\${unique('pyserver')}`);
    const code = [
      'import socket',
      's = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)',
      `s.bind(${JSON.stringify(unixPipePath(served, dir))})`,
      's.listen(1)',
      'print("ready", flush=True)',
      'c, _ = s.accept()',
      'c.sendall(c.recv(100).upper())',
      'c.close()',
    ].join('\n');
    const child = spawn('python3', ['-c', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise((resolve) => child.stdout.once('data', resolve));
    const c = collector();
    const client = await connectUnixPipe(served, { posix }, c.sink);
    assert.equal(client.messageMode, false);
    await client.send(new TextEncoder().encode('shout'));
    await c.until(() => c.events.some((e) => e.type === 'disconnected'), 'the Python server to answer and hang up');
    assert.equal(replies(c.received).map((m) => text(m.bytes)).join(''), 'SHOUT');
    await exited;
    fs.rmSync(unixPipePath(served, dir), { force: true });
  });

  test('listing finds the pipe sockets, not other files', async () => {
    const own = fs.mkdtempSync(path.join(dir, 'list-'));
    const names = [unique('list_a'), unique('list_b')];
    const watchers = names.map((name) => watchUnixPipe({ endpoint: parseEndpoint(`\\\\.\\pipe\\${name}`), posix: { directory: own } }, collector().sink));
    for (const w of watchers) await w.start();
    fs.writeFileSync(path.join(own, `CoreFxPipe_${unique('regular_file')}`), '');
    try {
      const listed = await listUnixPipes(own);
      assert.deepEqual(listed.map((p) => p.name).sort(), [...names].sort());
      assert.ok(listed.every((p) => p.path === `\\\\.\\pipe\\${p.name}`));
    } finally {
      for (const w of watchers) await w.stop();
    }
    assert.ok(Array.isArray(await listUnixPipes()), 'the default temp folder can be listed');
  });

  test('with maxInstances 1 a second client waits, unread, until the first leaves, and the watcher says so', async () => {
    const endpoint = parseEndpoint(`\\\\.\\pipe\\${unique('busy')}`);
    const server = collector();
    const watcher = watchUnixPipe({ endpoint, posix, maxInstances: 1 }, server.sink);
    await watcher.start();
    try {
      const first = await connectUnixPipe(endpoint, { posix }, collector().sink);
      await server.until(() => server.events.filter((e) => e.type === 'connected').length === 1, 'the first client');
      const second = await connectUnixPipe(endpoint, { posix, busyTimeout: 5000 }, collector().sink);
      await second.send(new TextEncoder().encode('second waited'));
      await server.until(() => server.events.some((e) => e.type === 'error' && /all 1 instance\(s\) busy; a client waits/.test(e.message)), 'the waiting client reported');
      assert.equal(server.events.filter((e) => e.type === 'connected').length, 1, 'the second client is not served yet');
      assert.equal(server.received.length, 0);
      await first.close();
      await server.until(() => server.received.some((m) => text(m.bytes) === 'second waited'), "the second client's message once the first left");
      assert.equal(server.events.filter((e) => e.type === 'connected').length, 2);
      assert.equal(server.events.filter((e) => e.type === 'error' && e.fatal).length, 0);
      await second.close();
    } finally {
      await watcher.stop();
    }
  });

  test('clients waiting for a busy server are bounded: past 64 one is turned away, and the watcher says so', async () => {
    const endpoint = parseEndpoint(`\\\\.\\pipe\\${unique('queue')}`);
    const server = collector();
    const watcher = watchUnixPipe({ endpoint, posix, maxInstances: 1 }, server.sink);
    await watcher.start();
    const clients: PipeClient[] = [];
    try {
      for (let i = 0; i < 66; i++) clients.push(await connectUnixPipe(endpoint, { posix }, collector().sink));
      await server.until(() => server.events.some((e) => e.type === 'error' && /and 64 clients waiting; one more was turned away/.test(e.message)), 'the 66th client turned away');
      assert.equal(server.events.filter((e) => e.type === 'connected').length, 1);
    } finally {
      for (const client of clients) await client.close();
      await watcher.stop();
    }
  });

  test('a temp folder too long for the temporary bind path is a clear error, not EADDRINUSE', async () => {
    // A folder of 88 bytes: the socket path (…/CoreFxPipe_x) fits in 103 bytes; the bind path .slotpipe-XXXXXX/s beside it does not.
    const name = 'x';
    const long = path.join(dir, 'd'.repeat(88 - Buffer.byteLength(dir) - 1));
    fs.mkdirSync(long);
    const endpoint = parseEndpoint(`\\\\.\\pipe\\${name}`);
    assert.ok(Buffer.byteLength(unixPipePath(endpoint, long)) <= 103);
    const c = collector();
    const watcher = watchUnixPipe({ endpoint, posix: { directory: long } }, c.sink);
    await assert.rejects(watcher.start(), /the temporary folder .* is too long for a Unix socket: the server binds at .*\.slotpipe-XXXXXX\/s first, \d+ bytes, and sockets allow at most 103 \(set TMPDIR to a shorter folder\)/);
    assert.equal(fs.readdirSync(long).length, 0, 'nothing left behind');
  });

  test("another user's socket (EACCES) is reported as theirs, not as served by another program", { skip: process.getuid?.() !== 0 ? 'needs root to run a second user' : false }, async (t) => {
    // A folder every user may use, as /tmp is.
    const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-posix-shared-'));
    fs.chmodSync(shared, 0o1777);
    t.after(() => fs.rmSync(shared, { recursive: true, force: true }));
    const name = unique('foreign');
    const socketPath = path.join(shared, `CoreFxPipe_${name}`);
    const owner = pythonSocket(socketPath, 'bind');
    await owner.ready;
    await owner.exited;
    fs.chmodSync(socketPath, 0o600);
    const cli = path.resolve(import.meta.dirname, '../../../dist/cli.js');
    const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, cli, 'watch', `\\\\.\\pipe\\${name}`], { encoding: 'utf8', env: { ...process.env, TMPDIR: shared }, timeout: 30_000 });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /its socket .* belongs to another user \(connecting to it was refused with EACCES\); whether it is still served cannot be told/);
    assert.doesNotMatch(r.stderr, /already served by another program/);
    assert.equal(r.stderr.match(/belongs to another user/g)?.length, 1, 'the start error is printed once');
    assert.ok(fs.lstatSync(socketPath).isSocket(), 'left alone');
  });
});
