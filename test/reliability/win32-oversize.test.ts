// Oversize and zero-length messages through the real Win32 calls (Windows Node.js, under Wine on
// Linux): mailslot messages of 64 KB and more, a mailslot's size limit, a 10 MB pipe message, and
// zero-length pipe messages. Each arrives whole, or is refused with a clear error; the watcher goes on.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { assertExitedCleanly, killAll, runPeer, underWine, uniqueMailslot, uniquePipe, winPath, winSkip } from '../win32/harness';
import { parseJsonLines, runSlotpipe, until, watching } from '../win32/slotpipe';

after(killAll);

/** What the C peers send with --size N (byte i is (i + 1) & 0xff), also written to files for Slotpipe's sender. */
const peerBytes = (size: number) => Buffer.from(Array.from({ length: size }, (_, i) => (i + 1) & 0xff));
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('Win32 oversize and zero-length messages', { skip: winSkip }, () => {
  test('mailslot messages of 64 KB and more arrive whole, or flagged as cut, never silently short', { timeout: 180_000 }, async (t) => {
    const name = uniqueMailslot('rel_big');
    const sizes = [65535, 65536, 65537, 65537, 1024 * 1024, 100];
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-reliability-big-'));
    t.after(() => fs.rmSync(folder, { recursive: true, force: true }));
    const watcher = await watching([name, '--json', '--decode', 'hex']);
    const delivered: number[] = [];
    for (const [i, size] of sizes.entries()) {
      const file = path.join(folder, `${i}.bin`);
      fs.writeFileSync(file, peerBytes(size));
      const sent = await runSlotpipe(['send', name, '--file', winPath(file)]);
      if (sent.code === 0) {
        delivered.push(size);
        continue;
      }
      // Wine's mailslots take at most 64 KB - 1 per message; the writer gets a clear error. Windows takes any size.
      assert.ok(underWine && size > 65535, `sending ${size} bytes failed: ${sent.stderr}`);
      assert.equal(sent.code, 1);
      assert.match(sent.stderr, /^slotpipe: WriteFile\(.*\) failed: .*31/);
    }
    await until(() => parseJsonLines(watcher.stdout()).length >= delivered.length, watcher, `${delivered.length} messages`);
    await watcher.kill();
    const messages = parseJsonLines(watcher.stdout());
    assert.equal(messages.length, delivered.length, 'one message per successful send');
    messages.forEach((m, i) => {
      const bytes = Buffer.from(m.hex, 'hex');
      assert.ok(peerBytes(delivered[i]).subarray(0, bytes.length).equals(bytes), `message ${i}: the bytes that arrived are the ones sent`);
      if (m.size !== delivered[i]) assert.ok(m.flags.includes('truncated'), `message ${i}: ${m.size} of ${delivered[i]} bytes without the truncated flag`);
    });
    assert.equal(messages[0].size, 65535, '64 KB - 1 arrives whole');
    assert.equal(messages.at(-1).size, 100, 'the watcher goes on after oversize writes');
    console.log(`mailslot sizes sent ${sizes.join(', ')}; accepted ${delivered.join(', ')}; arrived ${messages.map((m) => `${m.size}${m.flags.length ? ` (${m.flags.join(',')})` : ''}`).join(', ')}`);
  });

  test('over a mailslot\'s size limit: refused on Windows; under Wine (no limit) the message still arrives whole', { timeout: 120_000 }, async () => {
    const name = uniqueMailslot('rel_limit');
    const watcher = await watching([name, '--count', underWine ? '2' : '1', '--json', '--max-message-size', '1000']);
    const big = await runPeer('sms_send', ['--name', name, '--size', '1001', '--count', '1']);
    if (underWine) assertExitedCleanly(big);
    else assert.match(big.stdout, /ERROR \d+ WriteFile/, 'Windows refuses a message over the limit');
    const fits = await runPeer('sms_send', ['--name', name, '--size', '1000', '--count', '1']);
    assertExitedCleanly(fits);
    assert.equal((await watcher.exited).code, 0, watcher.stderr());
    const sizes = parseJsonLines(watcher.stdout()).map((m) => [m.size, m.flags]);
    assert.deepEqual(sizes, underWine ? [[1001, 0], [1000, 0]] : [[1000, 0]]);
  });

  test('a message of exactly a large size limit arrives whole and is not flagged', { timeout: 120_000 }, async () => {
    const name = uniqueMailslot('rel_exact');
    const watcher = await watching([name, '--count', '1', '--json', '--max-message-size', '70000']);
    const sent = await runPeer('sms_send', ['--name', name, '--size', '70000', '--count', '1']);
    assertExitedCleanly(sent);
    assert.equal((await watcher.exited).code, 0, watcher.stderr());
    assert.deepEqual(parseJsonLines(watcher.stdout()).map((m) => [m.size, m.flags]), [[70000, 0]]);
  });

  test('a 10 MB pipe message arrives whole, as one message', { timeout: 300_000 }, async () => {
    const name = uniquePipe('rel-10mb');
    const size = 10 * 1024 * 1024;
    const watcher = await watching([name, '--count', '1', '--json', '--decode', 'hex']);
    const client = await runPeer('pipe_client', ['--name', name, '--size', String(size), '--count', '1'], { timeoutMs: 240_000 });
    assertExitedCleanly(client);
    assert.equal((await watcher.exited).code, 0, watcher.stderr());
    const [message, ...more] = parseJsonLines(watcher.stdout());
    assert.equal(more.length, 0);
    assert.equal(message.size, size);
    assert.equal(sha(Buffer.from(message.hex, 'hex')), sha(peerBytes(size)), 'byte for byte');
  });

  test('zero-length pipe messages arrive as empty messages, between others, in order', { timeout: 120_000 }, async () => {
    const name = uniquePipe('rel-empty');
    const watcher = await watching([name, '--count', '3', '--json', '--decode', 'hex']);
    for (const args of [['--text', 'before'], ['--hex', ''], ['--text', 'after']]) {
      const client = await runPeer('pipe_client', ['--name', name, ...args, '--count', '1']);
      assertExitedCleanly(client);
    }
    assert.equal((await watcher.exited).code, 0, watcher.stderr());
    const messages = parseJsonLines(watcher.stdout());
    assert.deepEqual(messages.map((m) => Buffer.from(m.hex, 'hex').toString()), ['before', '', 'after']);
  });
});
