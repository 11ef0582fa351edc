// `slotpipe intercept` through the real Win32 calls: Slotpipe steps in front of a running, thread-per-client,
// unlimited-instance echo server (test/win32/peers/echo_server.c) without restarting it, and every new
// client (echo_client.c, which checks each reply) is relayed byte-exact and logged both ways. Clients
// connected before the intercept keep talking to the server and are counted, not seen; after the intercept
// stops, new clients reach the server directly; and each refusal names its way out.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { assertExitedCleanly, killAll, spawnPeer, underWine, uniquePipe, winPath, type WinProcess, winSkip } from './harness';
import { drive, parseJsonLines, runSlotpipe, slotpipe, until } from './slotpipe';

after(killAll);

const MESSAGE_SIZE = 64;

/** The bytes echo_client sends as message n: "<tag> <n> " and then filler, MESSAGE_SIZE bytes in all. */
function clientMessage(tag: string, n: number): string {
  const bytes = Buffer.alloc(MESSAGE_SIZE);
  const head = Buffer.from(`${tag} ${n} `, 'latin1');
  head.copy(bytes);
  for (let i = head.length; i < MESSAGE_SIZE; i++) bytes[i] = (i * 7 + n) & 0xff;
  return bytes.toString('hex');
}

async function echoServer(tag: string, args: string[] = []): Promise<{ name: string; server: WinProcess }> {
  const name = uniquePipe(tag);
  const server = await spawnPeer('echo_server', ['--name', name, ...args], { ready: 'READY' });
  return { name, server };
}

/** Starts `slotpipe intercept` and resolves once it serves its instances, with the server's pid it names. */
async function intercepting(name: string, args: string[] = []): Promise<{ proc: WinProcess; serverPid: number }> {
  const proc = await slotpipe(['intercept', name, '--json', ...args]);
  await until(() => /^watching /m.test(proc.stderr()), proc, 'the intercept to start');
  const serverPid = Number(/server pid (\d+)/.exec(proc.stderr())?.[1]);
  assert.ok(serverPid > 0, proc.stderr());
  return { proc, serverPid };
}

/** An echo_client; `CONNECTED <pid>` names the process that serves it. */
async function client(name: string, tag: string, args: string[] = []): Promise<{ proc: WinProcess; servedBy: number }> {
  const proc = await spawnPeer('echo_client', ['--name', name, '--tag', tag, '--size', String(MESSAGE_SIZE), ...args]);
  const servedBy = Number((await proc.nextLine('CONNECTED')).split(' ')[1]);
  return { proc, servedBy };
}

async function finished(proc: WinProcess, count: number): Promise<void> {
  const exit = await proc.exited;
  assertExitedCleanly(exit);
  assert.match(exit.stdout, new RegExp(`^DONE ${count} ${count}\\r?$`, 'm'), 'every reply intact');
}

/** Slotpipe's JSON lines of one client (by its tag), in order. */
function seenFrom(lines: any[], tag: string): any[] {
  const prefix = Buffer.from(`${tag} `, 'latin1').toString('hex');
  return lines.filter((m) => m.hex.startsWith(prefix));
}

function checkSeen(lines: any[], tag: string, count: number, clientPid?: number): void {
  const mine = seenFrom(lines, tag);
  assert.equal(mine.length, 2 * count, `${tag}: every message both ways`);
  for (let n = 1; n <= count; n++) {
    const [request, reply] = mine.slice(2 * (n - 1), 2 * n);
    assert.equal(request.direction, 'in', `${tag} #${n}: client → server is in`);
    assert.equal(reply.direction, 'out', `${tag} #${n}: server → client is out`);
    assert.equal(request.hex, clientMessage(tag, n), `${tag} #${n} byte-exact`);
    assert.equal(reply.hex, request.hex, `${tag} #${n}: the echo as the server sent it`);
    assert.equal(request.peer.connection, reply.peer.connection);
    assert.match(request.peer.image ?? '', /echo_client\.exe$/i);
    if (clientPid !== undefined) assert.equal(request.peer.pid, clientPid);
  }
}

function lastTotal(server: WinProcess): number {
  const totals = server.lines().filter((l) => l.startsWith('TOTAL ')).map((l) => Number(l.split(' ')[1]));
  return totals.length ? Math.max(...totals) : 0;
}

describe('slotpipe intercept (live, Win32)', { skip: winSkip }, () => {
  for (const already of [0, 1, 3]) {
    test(`with ${already} client${already === 1 ? '' : 's'} already connected: new clients seen both ways, earlier ones counted and untouched`, async () => {
      const { name, server } = await echoServer(`icpt-${already}`);
      const go = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-go-')), 'go');
      const early = [];
      for (let k = 0; k < already; k++) early.push(await client(name, `early${k}`, ['--go-file', winPath(go), '--count', '20']));
      const { proc, serverPid } = await intercepting(name);
      for (const e of early) assert.equal(e.servedBy, serverPid, 'an earlier client was served by the server itself');
      if (already) assert.match(proc.stderr(), new RegExp(`: notice: ${already} connections? to .* existed before the intercept started and (is|are) not seen`));
      else assert.doesNotMatch(proc.stderr(), /existed before/);

      for (const tag of ['new0', 'new1']) {
        const c = await client(name, tag, ['--count', '10']);
        assert.notEqual(c.servedBy, serverPid, `${tag} reached Slotpipe's instance`);
        await finished(c.proc, 10);
      }
      fs.writeFileSync(go, '');
      for (const e of early) await finished(e.proc, 20);
      await until(() => parseJsonLines(proc.stdout()).length >= 40, proc, 'the relayed messages');
      const lines = parseJsonLines(proc.stdout());
      checkSeen(lines, 'new0', 10);
      checkSeen(lines, 'new1', 10);
      for (let k = 0; k < already; k++) assert.equal(seenFrom(lines, `early${k}`).length, 0, 'a connection from before is not seen');
      await until(() => lastTotal(server) === 20 + 20 * already, server, 'the server to count every echo');
      assert.doesNotMatch(proc.stderr(), /bypassed/);
      await proc.kill();
    });
  }

  test('20 clients over time, 50 messages each: all through Slotpipe, byte-exact, replies intact, the server counts what the clients sent', async () => {
    const { name, server } = await echoServer('icpt-20');
    const { proc, serverPid } = await intercepting(name);
    const clients: { tag: string; proc: WinProcess; servedBy: number }[] = [];
    // Four at a time, the next group while the previous one still talks.
    for (let k = 0; k < 20; k++) {
      const tag = `c${k}`;
      clients.push({ tag, ...(await client(name, tag, ['--count', '50', '--interval', k % 2 ? '1' : '0'])) });
      if (k % 4 === 3) await finished(clients[k - 3].proc, 50);
    }
    for (const c of clients) await finished(c.proc, 50);
    for (const c of clients) assert.notEqual(c.servedBy, serverPid, `${c.tag} reached Slotpipe, not the server directly`);
    await until(() => parseJsonLines(proc.stdout()).length >= 2000, proc, 'all 2,000 relayed messages');
    const lines = parseJsonLines(proc.stdout());
    assert.equal(lines.length, 2000);
    for (const c of clients) checkSeen(lines, c.tag, 50);
    assert.equal(new Set(lines.map((m) => m.peer.connection)).size, 20, 'one connection per client');
    assert.equal(new Set(lines.map((m) => m.peer.pid)).size, 20, 'each with its own client process');
    await until(() => lastTotal(server) === 1000, server, "the server's own count to reach the clients' 1,000");
    assert.doesNotMatch(proc.stderr(), /bypassed|warning|error/);
    await proc.kill();
  });

  test('a burst of 8 clients at once: every reply intact, and each client Slotpipe did not see is counted', async () => {
    const { name } = await echoServer('icpt-burst');
    const { proc, serverPid } = await intercepting(name);
    const burst = await Promise.all(Array.from({ length: 8 }, (_, k) => client(name, `burst${k}`, ['--count', '20'])));
    for (const c of burst) await finished(c.proc, 20);
    const direct = burst.filter((c) => c.servedBy === serverPid).length;
    const seen = burst.length - direct;
    await until(() => parseJsonLines(proc.stdout()).length >= seen * 40, proc, 'the relayed messages');
    const lines = parseJsonLines(proc.stdout());
    burst.forEach((c, k) => {
      if (c.servedBy !== serverPid) checkSeen(lines, `burst${k}`, 20);
    });
    const counted = Math.max(0, ...[...proc.stderr().matchAll(/notice: (\d+) clients? may have bypassed/g)].map((m) => Number(m[1])));
    assert.ok(counted >= direct, `${direct} of 8 reached the server directly; ${counted} counted as may have bypassed:\n${proc.stderr()}`);
    await proc.kill();
  });

  test('--pairs: each request with its reply and round-trip time, per intercepted client', async () => {
    const { name } = await echoServer('icpt-pairs');
    const { proc } = await intercepting(name, ['--pairs', '--count', '10']);
    const c = await client(name, 'paired', ['--count', '10']);
    await finished(c.proc, 10);
    const exit = await proc.exited;
    assert.equal(exit.code, 0, exit.stderr);
    const pairs = parseJsonLines(exit.stdout);
    assert.equal(pairs.length, 10);
    for (const pair of pairs) {
      assert.equal(pair.request.direction, 'in');
      assert.equal(pair.reply.direction, 'out');
      assert.equal(pair.reply.size, MESSAGE_SIZE);
      assert.ok(pair.rttMs >= 0);
      assert.match(pair.peer.image, /echo_client\.exe$/i);
    }
    assert.equal(new Set(pairs.map((p) => p.conversation)).size, 1);
  });

  test('stopping mid-stream hands the name back: new clients are served by the server directly', async () => {
    const { name, server } = await echoServer('icpt-stop');
    const { proc, serverPid } = await intercepting(name, ['--count', '40']);
    const busy = await client(name, 'busy', ['--count', '500', '--interval', '2']);
    assert.notEqual(busy.servedBy, serverPid);
    const exit = await proc.exited;
    assert.equal(exit.code, 0, `stopped after --count 40: ${exit.stderr}`);
    assert.equal(parseJsonLines(exit.stdout).length, 40);
    // The intercepted connection ends with Slotpipe (it was Slotpipe's instance); the client notices.
    const cut = await busy.proc.exited;
    assert.match(cut.stdout, /^ERROR \d+ (WriteFile|ReadFile)/m, cut.stdout);
    for (const tag of ['after0', 'after1']) {
      const c = await client(name, tag, ['--count', '50']);
      assert.equal(c.servedBy, serverPid, `${tag} is served by the server itself`);
      await finished(c.proc, 50);
    }
    assert.doesNotMatch(server.stdout(), /^ERROR/m, 'the server never failed');
  });

  test('start and stop 10 times: every handle of the intercept closed, the server serving directly after', async () => {
    const { name, server } = await echoServer('icpt-cycles');
    const result = await drive('cycles', { endpoint: name, cycles: 10, options: { intercept: true } });
    if (underWine) assert.equal(result.after.next, result.before.next, 'no handle left open');
    else assert.equal(result.after.count, result.before.count, 'no handle left open');
    assert.ok(Math.max(...result.stopTimes) < 5000, `stop times ${result.stopTimes}`);
    const c = await client(name, 'after-cycles', ['--count', '5']);
    await finished(c.proc, 5);
    assert.doesNotMatch(server.stdout(), /^ERROR/m);
  });

  test('a server that goes away: Slotpipe notices it can no longer hold an instance of it and steps aside', async () => {
    const { name, server } = await echoServer('icpt-gone');
    const { proc } = await intercepting(name);
    await server.kill();
    // The next client reaches Slotpipe's instance; the server's held instance is gone with the server.
    const late = await spawnPeer('echo_client', ['--name', name, '--count', '1']);
    await late.exited;
    const exit = await proc.exited;
    assert.equal(exit.code, 1, exit.stderr);
    assert.match(exit.stderr, /The server made no new instance of .*Slotpipe stepped aside and closed its instances/);
  });

  describe('refusals', () => {
    test("the seed's one-instance server: the instance limit, and the rename proxy as the way out", async () => {
      const name = uniquePipe('icpt-limit');
      const server = await spawnPeer('pipe_server', ['--name', name, '--duplex', '--clients', '0'], { ready: 'READY' });
      const run = await runSlotpipe(['intercept', name], { timeoutMs: 60_000 });
      assert.equal(run.code, 1, run.stderr);
      const reason = run.stderr.trim().split(/\r?\n/);
      assert.equal(reason.length, 1, `one line: ${run.stderr}`);
      assert.match(reason[0], /The server allows 1 instance of .* and it is in use, so Slotpipe cannot add its own; use the rename proxy: .*--proxy-to/);
      await server.kill();
    });

    test('a server that creates each instance with FILE_FLAG_FIRST_PIPE_INSTANCE: Slotpipe steps aside before it could break it', async () => {
      const { name, server } = await echoServer('icpt-first', ['--first-instance']);
      const run = await runSlotpipe(['intercept', name], { timeoutMs: 60_000 });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /made no new instance of .* while Slotpipe held the one it listened on: .*FILE_FLAG_FIRST_PIPE_INSTANCE.*stepped aside.*rename proxy/);
      const c = await client(name, 'direct', ['--count', '50']);
      await finished(c.proc, 50);
      assert.doesNotMatch(server.stdout(), /^ERROR/m, 'the server could always create its next instance');
    });

    test('the pipe type differs from what the watcher asks for', async () => {
      const { name } = await echoServer('icpt-type');
      const run = await runSlotpipe(['watch', name, '--intercept', '--pipe-mode', 'byte'], { timeoutMs: 60_000 });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /The server's .* is a message pipe and this watcher asks for byte mode; leave pipeMode \(--pipe-mode\) unset/);
      const c = await client(name, 'after', ['--count', '5']);
      await finished(c.proc, 5);
    });

    test('no server to intercept', async () => {
      const run = await runSlotpipe(['intercept', uniquePipe('icpt-none')], { timeoutMs: 60_000 });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /No server is listening on .*nothing to intercept/);
    });
  });
});
