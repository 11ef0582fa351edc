// Named pipes through the real Win32 calls: Slotpipe's server against the seed's pipe client, its
// client against the seed's pipe server, many clients, crashes, busy pipes, the proxy, security.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { assertExitedCleanly, killAll, runPeer, spawnPeer, underWine, uniquePipe, winSkip } from './harness';
import { drive, parseJsonLines, runSlotpipe, slotpipe, until, watching } from './slotpipe';

after(killAll);

const hexOf = (text: string) => Buffer.from(text).toString('hex');

describe('pipe watcher (server)', { skip: winSkip }, () => {
  test('serves the seed pipe client: messages with the client process, then its disconnect', async () => {
    const name = uniquePipe('serve');
    const watcher = await watching([name, '--json', '--count', '3']);
    const client = await runPeer('pipe_client', ['--name', name, '--count', '3', '--interval', '0']);
    assertExitedCleanly(client);
    assert.equal((await watcher.exited).code, 0, watcher.stderr());
    const messages = parseJsonLines(watcher.stdout());
    assert.deepEqual(messages.map((m) => m.text), ['Test String', 'Test String', 'Test String']);
    for (const m of messages) {
      assert.equal(m.size, 12, 'the seed client sends strlen + 1 bytes');
      assert.ok(m.peer.pid > 0, 'the client process id is known');
      assert.match(m.peer.image, /pipe_client\.exe$/i);
    }
    assert.match(watcher.stderr(), /client #1 pid \d+ .*pipe_client\.exe connected/i);
  });

  test('many clients at once, each on its own instance, each message attributed to its client', async () => {
    const name = uniquePipe('many');
    const clients = 8;
    const perClient = 40;
    const watcher = await watching([name, '--json', '--count', String(clients * perClient)]);
    const runs = Array.from({ length: clients }, (_, k) =>
      runPeer('pipe_client', ['--name', name, '--text', `client ${k} message {n}`, '--count', String(perClient), '--interval', '0']));
    for (const run of await Promise.all(runs)) assertExitedCleanly(run);
    assert.equal((await watcher.exited).code, 0, watcher.stderr());
    const messages = parseJsonLines(watcher.stdout());
    assert.equal(messages.length, clients * perClient);
    const pids = new Set<number>();
    for (let k = 0; k < clients; k++) {
      const mine = messages.filter((m) => m.text.startsWith(`client ${k} `));
      assert.deepEqual(mine.map((m) => m.text), Array.from({ length: perClient }, (_, i) => `client ${k} message ${i + 1}`), 'per-client order kept');
      const peers = new Set(mine.map((m) => `${m.peer.connection}/${m.peer.pid}`));
      assert.equal(peers.size, 1, `client ${k}: one connection, one process`);
      pids.add(mine[0].peer.pid);
    }
    assert.equal(pids.size, clients, 'every client is a different process');
  });

  test('a message larger than the read buffer arrives whole (ERROR_MORE_DATA put together)', async () => {
    const name = uniquePipe('big');
    const size = 300_000;
    const watcher = await watching([name, '--json', '--count', '1', '--decode', 'hex']);
    const client = await runPeer('pipe_client', ['--name', name, '--size', String(size), '--count', '1']);
    assertExitedCleanly(client);
    assert.equal((await watcher.exited).code, 0, watcher.stderr());
    const [message] = parseJsonLines(watcher.stdout());
    assert.equal(message.size, size);
    assert.equal(message.hex, Buffer.from(Array.from({ length: size }, (_, i) => (i + 1) & 0xff)).toString('hex'));
  });

  test('a client killed mid-stream is reported and the server keeps serving', async () => {
    const name = uniquePipe('crash');
    const watcher = await watching([name, '--json', '--count', '4']);
    const crashed = await runPeer('pipe_client', ['--name', name, '--text', 'before crash {n}', '--count', '10', '--crash', '3', '--interval', '0']);
    assert.match(crashed.stdout, /CRASH/);
    await until(() => /disconnected: the other end closed the pipe/.test(watcher.stderr()), watcher, 'the disconnect');
    const next = await runPeer('pipe_client', ['--name', name, '--text', 'after crash', '--count', '1']);
    assertExitedCleanly(next);
    assert.equal((await watcher.exited).code, 0, watcher.stderr());
    assert.deepEqual(parseJsonLines(watcher.stdout()).map((m) => m.text), ['before crash 1', 'before crash 2', 'before crash 3', 'after crash']);
  });

  test('byte mode: what a client writes arrives complete, in order', async () => {
    const name = uniquePipe('bytes');
    const watcher = await watching([name, '--json', '--pipe-mode', 'byte', '--decode', 'hex']);
    const client = await runPeer('pipe_client', ['--name', name, '--text', 'chunk{n};', '--count', '50', '--interval', '0']);
    assertExitedCleanly(client);
    const expected = Array.from({ length: 50 }, (_, i) => `chunk${i + 1};`).join('');
    await until(() => parseJsonLines(watcher.stdout()).map((m) => Buffer.from(m.hex, 'hex').toString()).join('') === expected, watcher, 'all bytes');
    await watcher.kill();
  });

  test('large reads travel in their own buffers: every one intact, none overwritten by the reads after it', async () => {
    // Byte i of message n is (i + n) & 0xff (pipe_client --size), so a buffer read into again would show.
    const pattern = (size: number, n: number) => Buffer.from(Array.from({ length: size }, (_, i) => (i + n) & 0xff));
    const messages = uniquePipe('large');
    const watcher = await watching([messages, '--json', '--count', '6', '--decode', 'hex']);
    const client = await runPeer('pipe_client', ['--name', messages, '--size', '40000', '--count', '6', '--interval', '0']);
    assertExitedCleanly(client);
    assert.equal((await watcher.exited).code, 0, watcher.stderr());
    assert.deepEqual(parseJsonLines(watcher.stdout()).map((m) => m.hex), Array.from({ length: 6 }, (_, n) => pattern(40_000, n + 1).toString('hex')));

    const bytes = uniquePipe('large-bytes');
    const byteWatcher = await watching([bytes, '--json', '--pipe-mode', 'byte', '--decode', 'hex']);
    const byteClient = await runPeer('pipe_client', ['--name', bytes, '--size', '65536', '--count', '8', '--interval', '0']);
    assertExitedCleanly(byteClient);
    const expected = Buffer.concat(Array.from({ length: 8 }, (_, n) => pattern(65_536, n + 1))).toString('hex');
    await until(() => parseJsonLines(byteWatcher.stdout()).map((m) => m.hex).join('') === expected, byteWatcher, 'all 512 KiB');
    assert.ok(parseJsonLines(byteWatcher.stdout()).some((m) => m.size >= 32_768), 'some reads were large enough to be handed over whole');
    await byteWatcher.kill();
  });

  test('a duplex server answers its client (slotpipe writes to the connected client)', async () => {
    const name = uniquePipe('reply');
    const server = await import('./slotpipe').then((s) => s.startDriver('watch', { endpoint: name, count: 1, options: { direction: 'duplex' } }));
    const client = await runPeer('pipe_client', ['--name', name, '--text', 'question', '--count', '1', '--read-replies', '--message-mode']);
    assertExitedCleanly(client);
    assert.match(client.stdout, new RegExp(`REPLY 19 ${hexOf('reply from slotpipe')}`));
    const result = await server.result();
    assert.deepEqual(result.messages.map((m: any) => `${m.direction} ${m.text}`), ['in question', 'out reply from slotpipe']);
  });

  test('a name another process serves is refused with a clear error', async () => {
    const name = uniquePipe('taken');
    const other = await spawnPeer('pipe_server', ['--name', name]);
    await other.nextLine('READY');
    const second = await runSlotpipe(['watch', name]);
    assert.equal(second.code, 1);
    // Windows answers ERROR_ACCESS_DENIED (FILE_FLAG_FIRST_PIPE_INSTANCE); with all instances in use, ERROR_PIPE_BUSY.
    assert.match(second.stderr, /CreateNamedPipeW\(.*\) failed: (ERROR_ACCESS_DENIED \(5\)|ERROR_PIPE_BUSY \(231\)).*Another process already serves a pipe with this name/);
    await other.kill();
  });

  test('the pipe gets a DACL for the current user and SYSTEM only', async () => {
    const { user, dacl } = await drive('dacl', { endpoint: uniquePipe('dacl') });
    assert.equal(dacl, `D:P(A;;FA;;;SY)(A;;FA;;;${user})`.replace(/FA/g, dacl.includes('GA') ? 'GA' : 'FA'));
  });

  test('stop closes every instance and handle, also after clients came and went', async () => {
    const name = uniquePipe('cycles');
    const result = await drive('cycles', { endpoint: name, cycles: 20 });
    if (underWine) assert.equal(result.after.next, result.before.next, 'no handle left open');
    else assert.equal(result.after.count, result.before.count, 'no handle left open');
    assert.ok(Math.max(...result.stopTimes) < 5000, `stop times ${result.stopTimes}`);
    const gone = await runPeer('pipe_client', ['--name', name, '--count', '1', '--wait', '0']);
    assert.match(gone.stdout, /ERROR 2 CreateFile/, 'no instance is left listening');
  });
});

describe('pipe client', { skip: winSkip }, () => {
  test('slotpipe send reaches the seed pipe server (one instance, inbound, message mode)', async () => {
    const name = uniquePipe('send');
    const server = await spawnPeer('pipe_server', ['--name', name, '--count', '3']);
    await server.nextLine('READY');
    const sent = await runSlotpipe(['send', name, 'Test String', '--nul', '--count', '3']);
    assert.equal(sent.code, 0, sent.stderr);
    const expected = `MSG 12 ${hexOf('Test String\0')}`;
    assert.deepEqual(await server.nextLines(3, 'MSG'), [expected, expected, expected]);
  });

  test('replies of an echo server are printed with --json', async () => {
    const name = uniquePipe('echo');
    const server = await spawnPeer('pipe_server', ['--name', name, '--duplex']);
    await server.nextLine('READY');
    const sent = await runSlotpipe(['send', name, 'ping {n}', '--count', '2', '--json', '--linger', '1000']);
    assert.equal(sent.code, 0, sent.stderr);
    const lines = parseJsonLines(sent.stdout);
    assert.deepEqual(lines.filter((m) => m.direction === 'out').map((m) => m.text), ['ping {n}', 'ping {n}']);
    assert.deepEqual(lines.filter((m) => m.direction === 'in').map((m) => m.text), ['ping {n}', 'ping {n}']);
  });

  test('writes made in one go arrive as they were made, each with its own bytes', async () => {
    const name = uniquePipe('burst');
    const server = await spawnPeer('pipe_server', ['--name', name, '--duplex']);
    await server.nextLine('READY');
    const messages = ['a', 'second message', 'x'.repeat(1000), 'fourth', 'the fifth and last'];
    const result = await drive('client', { endpoint: name, messages, replies: messages.length });
    assert.deepEqual(await server.nextLines(messages.length, 'MSG'), messages.map((m) => `MSG ${m.length} ${hexOf(m)}`));
    assert.deepEqual(result.messages.filter((m: any) => m.direction === 'in').map((m: any) => m.text), messages, 'the echoes');
    assert.deepEqual(result.messages.filter((m: any) => m.direction === 'out').map((m: any) => m.text), messages, 'logged as sent');
  });

  test('slotpipe connect: typed lines go out as messages, replies come back', async () => {
    const name = uniquePipe('connect');
    const server = await spawnPeer('pipe_server', ['--name', name, '--duplex']);
    await server.nextLine('READY');
    const client = await slotpipe(['connect', name], { stdin: 'pipe' });
    await until(() => /connected to .* \(message mode\)/.test(client.stderr()), client, 'the connection');
    client.stdin!.write('hello\nworld\n');
    await until(() => /hello/.test(client.stdout()) && /world/.test(client.stdout()), client, 'the replies');
    client.stdin!.end();
    assert.equal((await client.exited).code, 0, client.stderr());
    assert.deepEqual(await server.nextLines(2, 'MSG'), [`MSG 5 ${hexOf('hello')}`, `MSG 5 ${hexOf('world')}`]);
  });

  test('the server going away is shown clearly and the client exits 1', async () => {
    const name = uniquePipe('gone');
    const server = await spawnPeer('pipe_server', ['--name', name, '--count', '1']);
    await server.nextLine('READY');
    const client = await slotpipe(['connect', name], { stdin: 'pipe' });
    await until(() => /connected to/.test(client.stderr()), client, 'the connection');
    client.stdin!.write('last words\n');
    assert.equal((await server.exited).code, 0);
    if (underWine) {
      // Wine: DisconnectNamedPipe does not complete the client's pending read (Windows fails it with
      // ERROR_PIPE_NOT_CONNECTED at once), so the client finds out on its next write; and node.exe under
      // Wine cannot exit while a read of its stdin is pending, so stdin is closed once it has given up.
      client.stdin!.write('anyone there?\n');
      await until(() => /not sent/.test(client.stderr()), client, 'the failed write');
      client.stdin!.end();
    }
    const exit = await client.exited;
    assert.equal(exit.code, 1);
    assert.match(exit.stderr, underWine ? /not sent: WriteFile\(.*\) failed: (ERROR_NO_DATA|ERROR_PIPE_NOT_CONNECTED|ERROR_BROKEN_PIPE)/ : /disconnected: the other end closed the pipe/);
  });

  test('every instance busy: waits the bounded time, then ERROR_PIPE_BUSY', async () => {
    const name = uniquePipe('busy');
    const server = await spawnPeer('pipe_server', ['--name', name, '--instances', '1']);
    await server.nextLine('READY');
    const holder = await spawnPeer('pipe_client', ['--name', name, '--count', '100', '--interval', '200']);
    await holder.nextLine('CONNECTED');
    const sent = await runSlotpipe(['send', name, 'x', '--busy-timeout', '600']);
    assert.equal(sent.code, 1);
    assert.match(sent.stderr, /ERROR_PIPE_BUSY \(231\).*stayed busy for 600 ms/);
    await holder.kill();
  });

  test('no server: a clear error', async () => {
    const sent = await runSlotpipe(['send', uniquePipe('nobody'), 'x']);
    assert.equal(sent.code, 1);
    assert.match(sent.stderr, /ERROR_FILE_NOT_FOUND \(2\).*No server is listening on this pipe name/);
  });
});

describe('pipe proxy', { skip: winSkip }, () => {
  test('relays an existing client and server both ways, message by message, and shows both directions', async () => {
    const name = uniquePipe('public');
    const real = `${name}-real`;
    const server = await spawnPeer('pipe_server', ['--name', real, '--duplex', '--instances', '4']);
    await server.nextLine('READY');
    const proxy = await watching([name, '--proxy-to', real, '--json', '--count', '6']);
    const client = await runPeer('pipe_client', ['--name', name, '--text', 'through the proxy {n}', '--count', '3', '--interval', '0', '--read-replies', '--message-mode']);
    assertExitedCleanly(client);
    const replies = client.stdout.split(/\r?\n/).filter((l) => l.startsWith('REPLY'));
    assert.deepEqual(replies, [1, 2, 3].map((n) => `REPLY ${`through the proxy ${n}`.length} ${hexOf(`through the proxy ${n}`)}`));
    assert.equal((await proxy.exited).code, 0, proxy.stderr());
    const seen = parseJsonLines(proxy.stdout()).map((m) => `${m.direction} ${m.text}`);
    assert.deepEqual(seen, [1, 2, 3].flatMap((n) => [`in through the proxy ${n}`, `out through the proxy ${n}`]));
  });
});

describe('pipe listing', { skip: winSkip }, () => {
  test('lists the pipes with their instances (Wine cannot list the pipe directory: a clear error there)', async () => {
    const name = uniquePipe('listed');
    const server = await spawnPeer('pipe_server', ['--name', name, '--instances', '3']);
    await server.nextLine('READY');
    const listed = await runSlotpipe(['pipes', '--json']);
    if (underWine) {
      assert.equal(listed.code, 1);
      assert.match(listed.stderr, /NtQueryDirectoryFile\(\\\\\.\\pipe\\\) failed with NTSTATUS 0x[0-9A-F]+: this system does not list its pipes/);
    } else {
      assert.equal(listed.code, 0, listed.stderr);
      const pipe = JSON.parse(listed.stdout).find((p: any) => p.path.toLowerCase() === name.toLowerCase());
      assert.ok(pipe, `${name} is listed`);
      assert.equal(pipe.maxInstances, 3);
    }
    await server.kill();
  });
});
