// The second seed article end to end under Win32: the discovery server (ms_server --listen) announces
// MS_MESSAGE on a mailslot and serves TCP; `slotpipe watch --servers` discovers it (and sees it go late
// and gone when it stops announcing), `slotpipe connect tcp://…` talks to it, and `--pairs` pings it
// with round-trip times. Windows Node.js and the C peer under Wine (or on Windows).
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import { spawnPeer, uniqueMailslot, winSkip } from './harness';
import { parseJsonLines, slotpipe, until, watching } from './slotpipe';

function freeTcpPort(): Promise<number> {
  const server = net.createServer();
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as net.AddressInfo;
    server.close(() => resolve(port));
  }));
}

describe('discovered servers', { skip: winSkip }, () => {
  test('announce → discover → connect → ping, then late and gone once it stops announcing', async () => {
    const name = uniqueMailslot('servers');
    const port = await freeTcpPort();
    const watcher = await watching([name, '--servers', '--json']);
    const server = await spawnPeer('ms_server', ['--name', name, '--ip', '127.0.0.1', '--port', String(port), '--listen', '--count', '6', '--interval', '250']);
    await server.nextLine(`LISTENING ${port}`);
    await until(() => parseJsonLines(watcher.stdout()).some((e) => e.event === 'announced'), watcher, 'the announcement');
    const [announced] = parseJsonLines(watcher.stdout());
    assert.equal(announced.address, `127.0.0.1:${port}`);
    assert.equal(announced.struct, 'MS_MESSAGE');
    assert.equal(announced.endpoint, name);

    // Connect to the address the announcement gave; each line is a ping, answered "PONG <line>".
    const client = await slotpipe(['connect', `tcp://${announced.address}`, '--pairs', '--json'], { stdin: 'pipe' });
    await until(() => /connected to tcp:\/\/127\.0\.0\.1:\d+ \(TCP\)/.test(client.stderr()), client, 'the TCP connection');
    for (let n = 1; n <= 3; n++) {
      client.stdin!.write(`ping ${n}\n`);
      await until(() => parseJsonLines(client.stdout()).length === n, client, `pong ${n}`);
    }
    client.stdin!.end();
    assert.equal((await client.exited).code, 0, client.stderr());
    const pairs = parseJsonLines(client.stdout());
    for (const [i, pair] of pairs.entries()) {
      assert.equal(pair.request.size, `ping ${i + 1}`.length);
      assert.equal(pair.reply.size, `PONG ping ${i + 1}`.length);
      assert.ok(pair.rttMs >= 0 && pair.rttMs < 10_000, `a round-trip time: ${pair.rttMs}`);
    }
    assert.deepEqual(await server.nextLines(3, 'PING'), [1, 2, 3].map((n) => `PING 6 ${Buffer.from(`ping ${n}`).toString('hex')}`));

    // Six announcements 250 ms apart, then silence: late after 750 ms, gone after 2.5 s.
    await until(() => parseJsonLines(watcher.stdout()).some((e) => e.event === 'gone'), watcher, 'the server to be gone', 30_000);
    const events = parseJsonLines(watcher.stdout());
    assert.deepEqual(events.map((e) => e.event), ['announced', 'late', 'gone']);
    assert.equal(events[2].count, 6);
    assert.ok(Math.abs(events[2].intervalMs - 250) < 200, `the usual interval: ${events[2].intervalMs}`);
    await server.kill();
    await watcher.kill();
  });

  test('a refused connection is one clear line and exit 1', async () => {
    const port = await freeTcpPort();
    const client = await slotpipe(['connect', `tcp://127.0.0.1:${port}`], { stdin: 'pipe' });
    const exit = await client.exited;
    assert.equal(exit.code, 1);
    assert.match(exit.stderr.trim(), new RegExp(`^slotpipe: tcp://127\\.0\\.0\\.1:${port}: connection refused \\(nothing listens on port ${port} there\\)$`));
  });
});
