// `slotpipe watch --pairs` through the real Win32 calls: the pipe proxy between the seed's pipe client and
// an echoing pipe server, in message mode and in byte mode, and with several clients at once: each request
// is printed with its reply and the round-trip time, per connection, with the client process.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { assertExitedCleanly, killAll, runPeer, spawnPeer, uniquePipe, winSkip } from './harness';
import { parseJsonLines, watching } from './slotpipe';

after(killAll);

/** Starts an echoing pipe server and the proxy in front of it, printing pairs. */
async function proxyPrintingPairs(tag: string, count: number, mode: 'message' | 'byte') {
  const name = uniquePipe(tag);
  const real = `${name}-real`;
  const server = await spawnPeer('pipe_server', ['--name', real, '--duplex', '--instances', '8', '--clients', '0', ...(mode === 'byte' ? ['--byte'] : [])]);
  await server.nextLine('READY');
  const proxy = await watching([name, '--proxy-to', real, '--pipe-mode', mode, '--pairs', '--json', '--count', String(count)]);
  return { name, server, proxy };
}

function checkPair(pair: any, text: string) {
  assert.equal(pair.request.direction, 'in', 'client → server is in');
  assert.equal(pair.reply.direction, 'out', 'server → client is out');
  assert.equal(pair.request.size, text.length);
  assert.equal(pair.reply.size, text.length, 'the echo is the reply');
  assert.ok(pair.reply.seq > pair.request.seq);
  const between = Date.parse(pair.reply.time) - Date.parse(pair.request.time);
  assert.ok(pair.rttMs >= 0 && Math.abs(pair.rttMs - between) < 1, `rtt ${pair.rttMs} ms matches the times (${between} ms at ms precision)`);
  assert.match(pair.peer.image, /pipe_client\.exe$/i);
  assert.ok(pair.peer.pid > 0);
}

describe('watch --pairs through the pipe proxy', { skip: winSkip }, () => {
  for (const mode of ['message', 'byte'] as const) {
    test(`${mode} mode: each request with its reply and round-trip time`, async () => {
      const { name, server, proxy } = await proxyPrintingPairs(`pairs-${mode}`, 3, mode);
      const client = await runPeer('pipe_client', ['--name', name, '--text', `${mode} request {n}`, '--count', '3', '--interval', '0', '--read-replies', ...(mode === 'message' ? ['--message-mode'] : [])]);
      assertExitedCleanly(client);
      assert.equal((await proxy.exited).code, 0, proxy.stderr());
      await server.kill();
      const pairs = parseJsonLines(proxy.stdout());
      assert.equal(pairs.length, 3, proxy.stdout());
      pairs.forEach((pair, i) => checkPair(pair, `${mode} request ${i + 1}`));
      assert.deepEqual(pairs.map((p) => p.conversation), [1, 1, 1]);
      assert.deepEqual(pairs.map((p) => p.request.seq), [1, 3, 5], 'requests and replies alternate');
    });
  }

  test('client after client (the seed server serves one at a time): pairs kept per connection, each with its own client; a disconnect reports its round trips', async () => {
    const clients = 3;
    const perClient = 4;
    const { name, server, proxy } = await proxyPrintingPairs('pairs-many', clients * perClient, 'message');
    for (let k = 0; k < clients; k++) {
      const run = await runPeer('pipe_client', ['--name', name, '--text', `client ${k} request {n}`, '--count', String(perClient), '--interval', '0', '--read-replies', '--message-mode']);
      assertExitedCleanly(run);
    }
    assert.equal((await proxy.exited).code, 0, proxy.stderr());
    await server.kill();
    const pairs = parseJsonLines(proxy.stdout());
    assert.equal(pairs.length, clients * perClient);
    const byConversation = new Map<number, any[]>();
    for (const pair of pairs) byConversation.set(pair.conversation, [...(byConversation.get(pair.conversation) ?? []), pair]);
    assert.equal(byConversation.size, clients);
    for (const mine of byConversation.values()) {
      assert.equal(mine.length, perClient);
      mine.forEach((pair) => checkPair(pair, 'client 0 request 1'));
      assert.equal(new Set(mine.map((p) => p.peer.pid)).size, 1, 'one client process per conversation');
    }
    assert.equal(new Set(pairs.map((p) => p.peer.pid)).size, clients, 'every client is a different process');
    const summaries = proxy.stderr().match(/^conversation \d+: 4 pairs, rtt p50 [\d.]+ ms, p99 [\d.]+ ms$/gm) ?? [];
    assert.ok(summaries.length >= clients - 1, `the clients that left before the last pair have their summary:\n${proxy.stderr()}`);
  });
});
