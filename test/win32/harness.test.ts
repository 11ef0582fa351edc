// The Win32 test harness itself: the C peers talk to each other through real mailslots and pipes,
// and Windows node.exe runs scripts whose output, input and exit code come back. Under Wine on Linux,
// natively on Windows.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  assertExitedCleanly,
  runPeer,
  runWinNode,
  spawnPeer,
  spawnWinNode,
  underWine,
  uniqueMailslot,
  uniqueName,
  uniquePipe,
  winPath,
  winSkip,
} from './harness';

const hex = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('hex');
/** What the peers send for `--size n` as message k: byte i is (i + k) & 0xff. */
const sizedPayload = (size: number, k: number) => Uint8Array.from({ length: size }, (_, i) => (i + k) & 0xff);
const msgLine = (bytes: Uint8Array | string) => `MSG ${Buffer.from(bytes).length} ${hex(bytes)}`;

describe('mailslot peers: sms_send → sms_recv', { skip: winSkip }, () => {
  test('text messages arrive whole and in order', async () => {
    const name = uniqueMailslot('harness');
    const reader = await spawnPeer('sms_recv', ['--name', name, '--count', '5', '--poll', '10'], { ready: 'READY' });
    const sender = await runPeer('sms_send', ['--name', name, '--text', 'Test string {n} from Slotpipe', '--nul', '--count', '5', '--interval', '0']);
    assert.equal(sender.code, 0, sender.stderr);
    assert.match(sender.stdout, /^SENT 5\r?$/m);
    const expected = [1, 2, 3, 4, 5].map((n) => msgLine(`Test string ${n} from Slotpipe\0`));
    assert.deepEqual(await reader.nextLines(5, 'MSG'), expected);
    assert.equal((await reader.exited).code, 0);
  });

  test('binary messages of many sizes arrive byte for byte', async () => {
    const name = uniqueMailslot('harness');
    const reader = await spawnPeer('sms_recv', ['--name', name, '--count', '3', '--poll', '10'], { ready: 'READY' });
    for (const size of [1, 424, 4000]) {
      const sent = await runPeer('sms_send', ['--name', name, '--size', String(size), '--count', '1']);
      assertExitedCleanly(sent);
    }
    assert.deepEqual(await reader.nextLines(3, 'MSG'), [1, 424, 4000].map((size) => msgLine(sizedPayload(size, 1))));
  });

  test('the default message is the seed\'s "Test string from <computer>" with its zero byte', async () => {
    const name = uniqueMailslot('harness');
    const reader = await spawnPeer('sms_recv', ['--name', name, '--count', '1', '--poll', '10'], { ready: 'READY' });
    assert.equal((await runPeer('sms_send', ['--name', name, '--count', '1'])).code, 0);
    const [, , bytes] = (await reader.nextLine('MSG')).split(' ');
    assert.match(Buffer.from(bytes, 'hex').toString('latin1'), /^Test string from [^\0]+\0$/);
  });

  test('a second reader of the same name gets ERROR_ALREADY_EXISTS (183)', async () => {
    const name = uniqueMailslot('harness');
    const first = await spawnPeer('sms_recv', ['--name', name], { ready: 'READY' });
    const second = await runPeer('sms_recv', ['--name', name]);
    assert.equal(second.code, 1);
    assert.match(second.stdout, /^ERROR 183 CreateMailslot\r?$/m);
  });

  test('writing to a mailslot nobody reads fails with ERROR_FILE_NOT_FOUND (2)', async () => {
    const sent = await runPeer('sms_send', ['--name', uniqueMailslot('harness'), '--count', '1']);
    assert.equal(sent.code, 1);
    assert.match(sent.stdout, /^ERROR 2 CreateFile\r?$/m);
  });

  test('the broadcast form \\\\*\\mailslot\\...: Wine fails it with ERROR_PATH_NOT_FOUND (3), Windows sends', async () => {
    const sent = await runPeer('sms_send', ['--name', `\\\\*\\mailslot\\${uniqueName('harness')}`, '--count', '1']);
    if (underWine) {
      // Wine-only: Wine has no remote mailslots; real Windows accepts the broadcast even with no reader.
      assert.equal(sent.code, 1);
      assert.match(sent.stdout, /^ERROR 3 CreateFile\r?$/m);
    } else {
      assertExitedCleanly(sent);
      assert.match(sent.stdout, /^SENT 1\r?$/m);
    }
  });

  test('usage errors exit 2 and name the bad option', async () => {
    const result = await runPeer('sms_send', ['--colour', 'blue']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown option --colour/);
  });
});

describe('pipe peers: pipe_client → pipe_server', { skip: winSkip }, () => {
  test('message mode: each write is one message, longer ones put back together from ERROR_MORE_DATA pieces', async () => {
    const name = uniquePipe('harness');
    // The server reads in pieces of the seed's 80 bytes, so the 300-byte messages arrive in four.
    const server = await spawnPeer('pipe_server', ['--name', name, '--count', '4'], { ready: 'READY' });
    const short = await runPeer('pipe_client', ['--name', name, '--text', 'Test String {n}', '--nul', '--count', '2', '--interval', '0']);
    assertExitedCleanly(short);
    assert.match(await server.nextLine('CONNECTED'), /^CONNECTED \d+$/);
    assert.deepEqual(await server.nextLines(2, 'MSG'), [msgLine('Test String 1\0'), msgLine('Test String 2\0')]);
    assert.equal(await server.nextLine(/^(DISCONNECTED|MSG)/), 'DISCONNECTED');
    assert.equal((await server.exited).code, 0, 'one client served (the default), so the server ends');

    const again = await spawnPeer('pipe_server', ['--name', name, '--count', '2'], { ready: 'READY' });
    assert.equal((await runPeer('pipe_client', ['--name', name, '--size', '300', '--count', '2', '--interval', '0'])).code, 0);
    assert.deepEqual(await again.nextLines(2, 'MSG'), [msgLine(sizedPayload(300, 1)), msgLine(sizedPayload(300, 2))]);
    assert.equal((await again.exited).code, 0);
  });

  test('duplex: the server echoes, the client reads each reply whole in message read mode', async () => {
    const name = uniquePipe('harness');
    const server = await spawnPeer('pipe_server', ['--name', name, '--duplex'], { ready: 'READY' });
    const client = await runPeer('pipe_client', [
      '--name', name, '--size', '1000', '--count', '3', '--interval', '0', '--message-mode', '--read-replies', '--read-size', '64',
    ]);
    assertExitedCleanly(client);
    const replies = client.stdout.split(/\r?\n/).filter((line) => line.startsWith('REPLY'));
    assert.deepEqual(replies, [1, 2, 3].map((k) => `REPLY 1000 ${hex(sizedPayload(1000, k))}`));
    assert.deepEqual(await server.nextLines(3, 'REPLIED'), ['REPLIED 1000', 'REPLIED 1000', 'REPLIED 1000']);
  });

  test('byte mode: the bytes arrive in order, whatever the pieces', async () => {
    const name = uniquePipe('harness');
    const server = await spawnPeer('pipe_server', ['--name', name, '--byte', '--read-size', '100'], { ready: 'READY' });
    assert.equal((await runPeer('pipe_client', ['--name', name, '--size', '250', '--count', '2', '--interval', '0'])).code, 0);
    await server.nextLine('DISCONNECTED');
    const received = server.lines().filter((line) => line.startsWith('MSG')).map((line) => line.split(' ')[2]).join('');
    assert.equal(received, hex(sizedPayload(250, 1)) + hex(sizedPayload(250, 2)));
  });

  test('outbound: the server writes, a read-only client prints what arrives and sees the end', async () => {
    const name = uniquePipe('harness');
    const server = await spawnPeer('pipe_server', ['--name', name, '--outbound', '--text', 'tick {n}', '--count', '3', '--interval', '0'], { ready: 'READY' });
    const client = await runPeer('pipe_client', ['--name', name, '--read-only', '--message-mode']);
    assertExitedCleanly(client);
    const lines = client.stdout.split(/\r?\n/).filter(Boolean);
    assert.deepEqual(lines, ['CONNECTED', msgLine('tick 1'), msgLine('tick 2'), msgLine('tick 3'), 'DISCONNECTED']);
  });

  test('a client that crashes after 2 messages: the server sees both, then the broken pipe', async () => {
    const name = uniquePipe('harness');
    const server = await spawnPeer('pipe_server', ['--name', name], { ready: 'READY' });
    const client = await runPeer('pipe_client', ['--name', name, '--text', 'm{n}', '--count', '5', '--interval', '0', '--crash', '2']);
    assert.equal(client.code, 9);
    assert.match(client.stdout, /^CRASH\r?$/m);
    assert.deepEqual(await server.nextLines(3, /^(MSG|DISCONNECTED)/), [msgLine('m1'), msgLine('m2'), 'DISCONNECTED']);
  });

  test('a second client of a one-instance pipe waits (BUSY) until a killed first client frees it', async () => {
    const name = uniquePipe('harness');
    const server = await spawnPeer('pipe_server', ['--name', name, '--clients', '2'], { ready: 'READY' });
    const first = await spawnPeer('pipe_client', ['--name', name, '--text', 'first', '--interval', '60000']);
    await first.nextLine('WROTE');
    await server.nextLine('MSG');
    const second = await spawnPeer('pipe_client', ['--name', name, '--text', 'second', '--count', '1', '--wait', '30000']);
    await second.nextLine('BUSY');
    const killed = await first.kill();
    assert.equal(killed.signal, 'SIGKILL');
    await server.nextLine('DISCONNECTED');
    assert.equal(await second.nextLine(/^(CONNECTED|ERROR)/), 'CONNECTED');
    assert.equal(await server.nextLine('MSG'), msgLine('second'));
    assert.equal((await second.exited).code, 0);
  });
});

describe('discovery peers: ms_server → ms_client (second seed article)', { skip: winSkip }, () => {
  test('the client finds the announced address and port', async () => {
    const name = uniqueMailslot('harness');
    const client = await spawnPeer('ms_client', ['--name', name, '--count', '2', '--poll', '10'], { ready: 'READY' });
    const server = await runPeer('ms_server', ['--name', name, '--ip', '10.77.1.2', '--port', '4242', '--count', '2', '--interval', '50']);
    assertExitedCleanly(server);
    assert.match(server.stdout, /^WROTE 32\r?$/m);
    assert.deepEqual(await client.nextLines(2, 'FOUND'), ['FOUND 10.77.1.2 10.77.1.2 4242', 'FOUND 10.77.1.2 10.77.1.2 4242']);
  });

  test('the announcement is the 32-byte MS_MESSAGE, laid out as in the seed', async () => {
    const name = uniqueMailslot('harness');
    const reader = await spawnPeer('sms_recv', ['--name', name, '--count', '1', '--poll', '10'], { ready: 'READY' });
    assert.equal((await runPeer('ms_server', ['--name', name, '--ip', '192.168.7.9', '--port', '8080', '--count', '1'])).code, 0);
    const bytes = Buffer.from((await reader.nextLine('MSG')).split(' ')[2], 'hex');
    assert.equal(bytes.length, 32);
    assert.equal(bytes.readUInt32LE(0), 0xaabbccdd);
    assert.equal(bytes.subarray(4, 24).toString('latin1').replace(/\0+$/, ''), '192.168.7.9');
    assert.deepEqual([...bytes.subarray(24, 28)], [192, 168, 7, 9]);
    assert.equal(bytes.readUInt32LE(28), 8080);
  });

  test('anything else on the mailslot is reported as IGNORED, not as a server', async () => {
    const name = uniqueMailslot('harness');
    const client = await spawnPeer('ms_client', ['--name', name, '--count', '1', '--poll', '10'], { ready: 'READY' });
    await runPeer('sms_send', ['--name', name, '--text', 'not an announcement', '--count', '1']);
    await runPeer('ms_server', ['--name', name, '--port', '1', '--count', '1']);
    assert.deepEqual(await client.nextLines(2, /^(IGNORED|FOUND)/), [`IGNORED 19 ${hex('not an announcement')}`, 'FOUND 127.0.0.1 127.0.0.1 1']);
  });
});

describe('Windows node.exe', { skip: winSkip }, () => {
  test('runs a script; stdout, stderr and the exit code come back', async () => {
    const result = await runWinNode(['-e', 'console.log("platform", process.platform); console.error("to stderr"); process.exit(7)']);
    assert.equal(result.code, 7);
    assert.equal(result.stdout.trim(), 'platform win32');
    assert.equal(result.stderr.trim(), 'to stderr');
  });

  test('runs a script file given by its path, with arguments', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-harness-'));
    try {
      const script = path.join(dir, 'args.js');
      fs.writeFileSync(script, 'console.log(JSON.stringify(process.argv.slice(2)));');
      const result = await runWinNode([winPath(script), 'one', 'two words']);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout), ['one', 'two words']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('reads stdin line by line while running (interactive use)', async () => {
    const script = `
      const rl = require('node:readline').createInterface({ input: process.stdin });
      console.log('ready');
      rl.on('line', (line) => console.log('echo ' + line.toUpperCase()));
      rl.on('close', () => { console.log('bye'); process.exitCode = 4; });`;
    const node = await spawnWinNode(['-e', script], { stdin: 'pipe', ready: 'ready' });
    node.stdin!.write('first\n');
    assert.equal(await node.nextLine('echo'), 'echo FIRST');
    node.stdin!.write('second\n');
    assert.equal(await node.nextLine('echo'), 'echo SECOND');
    node.stdin!.end();
    assert.equal(await node.nextLine(), 'bye');
    assert.equal((await node.exited).code, 4);
  });

  test('a program done with stdin ends even while stdin stays open (as Node\'s own stdin does)', async () => {
    const script = `
      const rl = require('node:readline').createInterface({ input: process.stdin });
      rl.once('line', (line) => { console.log('took ' + line); rl.close(); process.exitCode = 6; });
      console.log('ready');`;
    const node = await spawnWinNode(['-e', script], { stdin: 'pipe', ready: 'ready' });
    node.stdin!.write('only line\n');
    assert.equal(await node.nextLine('took'), 'took only line');
    const exit = await node.exited; // stdin is still open here
    assert.equal(exit.code, 6);
  });

  test('talks to a C peer over a named pipe, and kill() really ends the Windows process', async () => {
    const name = uniquePipe('harness');
    const script = `
      const server = require('node:net').createServer((socket) => socket.on('data', (d) => console.log('got ' + d.toString('hex'))));
      server.listen(process.argv[1], () => console.log('listening'));`;
    const node = await spawnWinNode(['-e', script, name], { ready: 'listening' });
    assert.equal((await runPeer('pipe_client', ['--name', name, '--text', 'hello node', '--count', '1'])).code, 0);
    assert.equal(await node.nextLine('got'), `got ${hex('hello node')}`);

    const killed = await node.kill();
    assert.equal(killed.signal, 'SIGKILL');
    // Had only the host process died, the pipe would still exist.
    const after = await runPeer('pipe_client', ['--name', name, '--count', '1']);
    assert.equal(after.code, 1);
    assert.match(after.stdout, /^ERROR 2 CreateFile\r?$/m);
  });

  test('nextLine rejects with the output when the program ends without the line', async () => {
    const node = await spawnWinNode(['-e', 'console.log("only this"); process.exit(3)']);
    await assert.rejects(node.nextLine('never'), /exited \(code 3\).*only this/s);
  });
});
