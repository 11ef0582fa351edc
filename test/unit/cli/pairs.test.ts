/**
 * `--pairs` of the built CLI (dist/cli.js) against a real peer off Windows: a pipe server written in
 * Python on a Unix socket at .NET's CoreFxPipe_ path, answering each request after a pause. Each line
 * `slotpipe connect --pairs` sends is printed with its reply and the round-trip time; a line left
 * unanswered when the connection ends is printed with no reply.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';

const root = path.resolve(import.meta.dirname, '../../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-pairs-'));
const started: ChildProcessWithoutNullStreams[] = [];

after(() => {
  for (const child of started) child.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A running program whose output is collected; `until` waits for a pattern in it. */
function run(command: string, args: string[]) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, TMPDIR: dir } });
  started.push(child);
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (out.stdout += chunk));
  child.stderr.on('data', (chunk) => (out.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const until = async (stream: 'stdout' | 'stderr', pattern: RegExp | ((text: string) => boolean), what: string) => {
    const deadline = Date.now() + 30_000;
    while (!(typeof pattern === 'function' ? pattern(out[stream]) : pattern.test(out[stream]))) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`gave up waiting for ${what}\nstdout: ${out.stdout}\nstderr: ${out.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { child, out, exited, until };
}

async function echoServer(name: string, delayMs: number) {
  const server = run('python3', [path.join(root, 'test/fixtures/peers/echo_server.py'), path.join(dir, `CoreFxPipe_${name}`), String(delayMs)]);
  await server.until('stdout', /READY/, 'the Python pipe server');
  return server;
}

const connect = (name: string) => run(process.execPath, ['dist/cli.js', 'connect', `\\\\.\\pipe\\${name}`, '--pairs', '--json']);
const lines = (text: string) => text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));

describe('slotpipe connect --pairs against a Python pipe server (Unix socket)', () => {
  test('each line sent is printed with its reply and the round-trip time', async () => {
    const delay = 30;
    await echoServer('pairs_echo', delay);
    const client = connect('pairs_echo');
    await client.until('stderr', /connected to .*byte mode/, 'the client to connect');
    for (let n = 1; n <= 3; n++) {
      client.child.stdin.write(`request ${n}\n`);
      await client.until('stdout', (text) => lines(text).length === n, `pair ${n}`);
    }
    client.child.stdin.end();
    assert.equal(await client.exited, 0, client.out.stderr);
    const pairs = lines(client.out.stdout);
    assert.equal(pairs.length, 3, client.out.stdout);
    pairs.forEach((pair, i) => {
      assert.equal(pair.conversation, 1);
      assert.deepEqual([pair.request.direction, pair.reply.direction], ['out', 'in'], 'a client sends its requests out');
      assert.equal(pair.request.size, `request ${i + 1}`.length);
      assert.equal(pair.reply.size, `pong ${i + 1}`.length, 'the reply as the server wrote it');
      assert.equal(pair.request.seq, 2 * i + 1);
      assert.equal(pair.reply.seq, 2 * i + 2);
      assert.ok(pair.rttMs >= delay, `rtt ${pair.rttMs} ms covers the server's ${delay} ms pause`);
    });
    assert.match(client.out.stderr, /^conversation 1: 3 pairs, rtt p50 \d+\.\d{3} ms, p99 \d+\.\d{3} ms$/m);
  });

  test('a line still waiting when the connection ends is printed without a reply', async () => {
    await echoServer('pairs_slow', 3000);
    const client = connect('pairs_slow');
    await client.until('stderr', /connected to/, 'the client to connect');
    client.child.stdin.end('are you there\n');
    assert.equal(await client.exited, 0, client.out.stderr);
    const [unanswered] = lines(client.out.stdout);
    assert.equal(unanswered.reply, null);
    assert.equal(unanswered.rttMs, null);
    assert.equal(unanswered.unanswered, 'the connection ended');
    assert.deepEqual([unanswered.request.direction, unanswered.request.size], ['out', 'are you there'.length]);
  });
});
