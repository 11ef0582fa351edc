// Mailslots through the real Win32 calls: Slotpipe against the seed's reader and broadcaster (as C
// peers), and against itself.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { assertExitedCleanly, killAll, runPeer, spawnPeer, underWine, uniqueMailslot, winSkip } from './harness';
import { drive, parseJsonLines, runSlotpipe, watching } from './slotpipe';

after(killAll);

describe('mailslot watcher', { skip: winSkip }, () => {
  test('receives what the seed broadcaster (sms_send) writes, whole and in order', async () => {
    const name = uniqueMailslot('watch');
    const watcher = await watching([name, '--count', '20', '--json']);
    const sent = await runPeer('sms_send', ['--name', name, '--text', 'Test string {n} from BUILDHOST', '--nul', '--count', '20', '--interval', '0']);
    assertExitedCleanly(sent);
    assert.equal((await watcher.exited).code, 0, watcher.stderr());
    const messages = parseJsonLines(watcher.stdout());
    assert.deepEqual(messages.map((m) => m.text), Array.from({ length: 20 }, (_, i) => `Test string ${i + 1} from BUILDHOST`));
    assert.deepEqual(messages.map((m) => m.seq), Array.from({ length: 20 }, (_, i) => i + 1));
    for (const m of messages) {
      assert.equal(m.endpoint, name);
      assert.equal(m.direction, 'in');
      assert.equal(m.size, m.text.length + 1, 'the C string terminator is part of the message');
      assert.equal(m.decoded.decoder, 'text');
    }
  });

  test('binary messages of every size up to 64 KB arrive byte for byte', async () => {
    const name = uniqueMailslot('sizes');
    const sizes = [0, 1, 424, 4000, 65000];
    const watcher = await watching([name, '--count', String(sizes.length), '--json', '--decode', 'hex']);
    for (const size of sizes) {
      const sent = await runPeer('sms_send', ['--name', name, '--size', String(size), '--count', '1']);
      assertExitedCleanly(sent);
    }
    assert.equal((await watcher.exited).code, 0, watcher.stderr());
    const messages = parseJsonLines(watcher.stdout());
    assert.deepEqual(messages.map((m) => m.size), sizes);
    for (const m of messages) {
      const expected = Buffer.from(Array.from({ length: m.size }, (_, i) => (i + 1) & 0xff)).toString('hex');
      assert.equal(m.hex, expected);
    }
  });

  test('MS_MESSAGE announcements of the discovery server are decoded field by field', async () => {
    const name = uniqueMailslot('discovery');
    const watcher = await watching([name, '--count', '2', '--json']);
    const sent = await runPeer('ms_server', ['--name', name, '--ip', '192.168.7.21', '--port', '4711', '--count', '2', '--interval', '10']);
    assertExitedCleanly(sent);
    assert.equal((await watcher.exited).code, 0, watcher.stderr());
    for (const m of parseJsonLines(watcher.stdout())) {
      assert.equal(m.decoded.decoder, 'struct:MS_MESSAGE');
      const fields = Object.fromEntries(m.decoded.fields.map((f: any) => [f.name, f]));
      assert.equal(fields.msg_id.value, 0xaabbccdd);
      assert.equal(fields.ipStr.value, '192.168.7.21');
      assert.match(fields.ip.display, /192\.168\.7\.21/);
      assert.equal(fields.port.value, 4711);
    }
  });

  test('a second watcher on the same name is refused: another process owns it', async () => {
    const name = uniqueMailslot('owned');
    const reader = await spawnPeer('sms_recv', ['--name', name, '--count', '1']);
    await reader.nextLine('READY');
    const second = await runSlotpipe(['watch', name]);
    assert.equal(second.code, 1);
    assert.match(second.stderr, /CreateMailslotW\(.*\) failed: ERROR_ALREADY_EXISTS \(183\).*Another process already owns this mailslot name/);
    const inProcess = await drive('collision', { endpoint: uniqueMailslot('owned2') });
    assert.match(inProcess.error, /ERROR_ALREADY_EXISTS/);
    await reader.kill();
  });

  test('an idle watcher never wakes, and a stop loses nothing written before it', async () => {
    const result = await drive('stopAfterTraffic', { endpoint: uniqueMailslot('wake'), idleMs: 1000, count: 200 });
    assert.equal(result.wakeupsWhileIdle, 0, 'the reader waited without a timeout');
    assert.equal(result.wakeupsAfterStop, 0, 'the stop woke it through the wake token, which is not counted');
    assert.deepEqual(result.texts, Array.from({ length: 200 }, (_, i) => `message ${i}`), 'every message, in order, and no wake token among them');
    assert.deepEqual(result.events.map((e: { type: string }) => e.type), ['listening', 'stopped'], 'no error: the reader ended by itself, not by force');
  });

  test('with a read timeout set, each idle wait that ends is counted, and a stop still loses nothing', async () => {
    const result = await drive('stopAfterTraffic', { endpoint: uniqueMailslot('timeout'), idleMs: 1000, count: 50, options: { readTimeout: 50 } });
    assert.ok(result.wakeupsWhileIdle >= 1, `wake-ups: ${result.wakeupsWhileIdle}`);
    assert.ok(result.wakeupsAfterStop >= result.wakeupsWhileIdle);
    assert.deepEqual(result.texts, Array.from({ length: 50 }, (_, i) => `message ${i}`));
    assert.deepEqual(result.events.map((e: { type: string }) => e.type), ['listening', 'stopped']);
  });

  test('stop returns quickly and closes every handle, start after start', async () => {
    const name = uniqueMailslot('cycles');
    const result = await drive('cycles', { endpoint: name, cycles: 20 });
    if (underWine) {
      // Wine: GetProcessHandleCount reports 0; the next handle value shows whether any slot stayed taken.
      assert.equal(result.after.next, result.before.next, 'no handle left open');
    } else {
      assert.equal(result.after.count, result.before.count, 'no handle left open');
    }
    // Not a speed test: only that a stop never hangs (the wake token ends the read; see docs/benchmarks.md).
    assert.ok(Math.max(...result.stopTimes) < 5000, `stop times ${result.stopTimes}`);
  });
});

describe('mailslot sender', { skip: winSkip }, () => {
  test('the seed polling reader (sms_recv) reads what slotpipe send writes', async () => {
    const name = uniqueMailslot('send');
    const reader = await spawnPeer('sms_recv', ['--name', name, '--count', '3', '--poll', '10']);
    await reader.nextLine('READY');
    const sent = await runSlotpipe(['send', name, 'Test string from Slotpipe', '--nul', '--count', '3']);
    assert.equal(sent.code, 0, sent.stderr);
    assert.match(sent.stderr, /sent 3 messages of 26 bytes/);
    const expected = `MSG 26 ${Buffer.from('Test string from Slotpipe\0').toString('hex')}`;
    assert.deepEqual(await reader.nextLines(3, 'MSG'), [expected, expected, expected]);
  });

  test('the discovery client (ms_client) finds a server announced by slotpipe send --struct', async () => {
    const name = uniqueMailslot('found');
    const client = await spawnPeer('ms_client', ['--name', name, '--count', '1']);
    await client.nextLine('READY');
    const sent = await runSlotpipe(['send', name, '--struct', 'MS_MESSAGE', '--set', 'ipStr=10.1.2.3', '--set', 'ip=10.1.2.3', '--set', 'port=8080']);
    assert.equal(sent.code, 0, sent.stderr);
    assert.equal(await client.nextLine('FOUND'), 'FOUND 10.1.2.3 10.1.2.3 8080');
  });

  test('no reader: a clear error and exit code 1', async () => {
    const sent = await runSlotpipe(['send', uniqueMailslot('nobody'), 'x']);
    assert.equal(sent.code, 1);
    assert.match(sent.stderr, /ERROR_FILE_NOT_FOUND \(2\).*No process has created this mailslot/);
  });

  test('broadcast and remote names: over 424 bytes refused before anything is sent', async () => {
    const sent = await runSlotpipe(['send', '\\\\*\\mailslot\\sms', '--hex', 'ab'.repeat(425)]);
    assert.equal(sent.code, 2);
    assert.match(sent.stderr, /425 bytes; messages to another computer or a broadcast are limited to 424 bytes/);
  });

  test('Wine only: broadcast names cannot be opened (real Windows sends a datagram)', { skip: !underWine && 'real Windows' }, async () => {
    const sent = await runSlotpipe(['send', '\\\\*\\mailslot\\slotpipe_wine_only', 'x']);
    assert.equal(sent.code, 1);
    assert.match(sent.stderr, /CreateFileW\(\\\\\*\\mailslot\\slotpipe_wine_only\) failed: ERROR_PATH_NOT_FOUND \(3\)/);
  });
});
