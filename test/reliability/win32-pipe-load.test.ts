// Load on the real Win32 pipe server (Windows Node.js, under Wine on Linux): 50 C clients at once,
// 2,000 messages each, one watcher; then client connect/disconnect cycles and watcher start/stop
// cycles in-process (test/win32/driver.ts), with handles and memory before and after: 200 each in
// `npm test`, 1,000 each in `npm run soak`.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { assertExitedCleanly, killAll, runPeer, underWine, uniqueMailslot, uniquePipe, winSkip } from '../win32/harness';
import { parseJsonLines, watching } from '../win32/slotpipe';
import { CYCLES, driveLong } from './win32-soak';

after(killAll);

/** Handles left over after cycles: the handle count on Windows; under Wine (which reports 0) the next handle value. */
function assertHandlesBack(result: { before: { count: number; next: number }; after: { count: number; next: number } }, what: string) {
  if (underWine) assert.equal(result.after.next, result.before.next, `${what}: no handle left open (next handle value)`);
  else assert.equal(result.after.count, result.before.count, `${what}: no handle left open (GetProcessHandleCount)`);
}

describe('Win32 pipes under load', { skip: winSkip }, () => {
  test('50 clients at once × 2,000 messages, one watcher: every message, in order, attributed to its process', { timeout: 600_000 }, async () => {
    const name = uniquePipe('rel-load');
    const clients = 50;
    const count = 2000;
    const watcher = await watching([name, '--json', '--count', String(clients * count)]);
    const runs = Array.from({ length: clients }, (_, k) =>
      runPeer('pipe_client', ['--name', name, '--text', `c${k}:{n}`, '--count', String(count), '--interval', '0', '--wait', '120000'], { timeoutMs: 540_000 }));
    for (const run of await Promise.all(runs)) assertExitedCleanly(run);
    const exit = await watcher.exited;
    assert.equal(exit.code, 0, watcher.stderr());
    const messages = parseJsonLines(watcher.stdout());
    assert.equal(messages.length, clients * count, 'every message received');
    const pids = new Set<number>();
    let gone = 0;
    for (let k = 0; k < clients; k++) {
      const mine = messages.filter((m) => m.text.startsWith(`c${k}:`));
      assert.equal(mine.length, count, `client ${k}: all its messages`);
      mine.forEach((m, i) => assert.equal(m.text, `c${k}:${i + 1}`, `client ${k}: message ${i + 1} in order`));
      const peers = new Set(mine.map((m) => `${m.peer.connection}/${m.peer.pid}/${m.peer.image}`));
      assert.equal(peers.size, 1, `client ${k}: one connection, one process`);
      assert.ok(mine[0].peer.pid > 0, `client ${k}: its process id`);
      // The image is looked up from the pid; a client that already ended by then has none (never a wrong one).
      if (mine[0].peer.image !== undefined) assert.match(mine[0].peer.image, /pipe_client\.exe$/i);
      else gone++;
      pids.add(mine[0].peer.pid);
    }
    assert.equal(pids.size, clients, 'each client attributed to its own process');
    console.log(`${messages.length} messages from ${clients} client processes, none lost, none misattributed (${clients - gone} with their image, ${gone} ended before it was looked up)`);
  });

  test(`${CYCLES} client connect/disconnect cycles: handles and memory back to where they were`, { timeout: 900_000 }, async () => {
    const result = await driveLong('clientCycles', { endpoint: uniquePipe('rel-conn'), cycles: CYCLES, warmup: 50 }, 14);
    assert.equal(result.connected, CYCLES + 50);
    assert.equal(result.disconnected, CYCLES + 50);
    assert.equal(result.messages, CYCLES + 50, 'each cycle\'s message arrived');
    assertHandlesBack(result, `${CYCLES} connect/disconnect cycles`);
    assert.ok(result.after.heapUsed - result.before.heapUsed < 2 * 1024 * 1024, `heap grew by ${result.after.heapUsed - result.before.heapUsed} bytes`);
    console.log(`${CYCLES} pipe connect/disconnect cycles: ${JSON.stringify({ before: result.before, after: result.after })}`);
  });

  for (const kind of ['pipe', 'mailslot'] as const) {
    test(`${CYCLES} ${kind} watcher start/stop cycles: handles and memory back to where they were`, { timeout: 900_000 }, async () => {
      const endpoint = kind === 'pipe' ? uniquePipe('rel-cyc') : uniqueMailslot('rel_cyc');
      // No read timeout: each mailslot stop goes through the wake token (a handle opened and closed per stop).
      const result = await driveLong('startStopCycles', { endpoint, cycles: CYCLES, warmup: 50 }, 14);
      assertHandlesBack(result, `${CYCLES} ${kind} start/stop cycles`);
      assert.ok(result.after.heapUsed - result.before.heapUsed < 2 * 1024 * 1024, `heap grew by ${result.after.heapUsed - result.before.heapUsed} bytes`);
      console.log(`${CYCLES} ${kind} start/stop cycles: ${JSON.stringify({ before: result.before, after: result.after })}`);
    });
  }
});
