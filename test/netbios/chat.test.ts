// The mailslot conference off Windows: two `slotpipe chat` programs (dist/cli.js), each in a network
// namespace this test makes, joined by a bridge; each line typed in one is broadcast as a NetBIOS datagram
// and shown by the other with its sender, and not shown again by its own sender. tshark on the bridge
// checks the datagrams with Wireshark's dissectors: group datagrams to WORKGROUP<00> at the subnet's
// broadcast address, the chat's own NetBIOS name as source, \MAILSLOT\cb, the line as data.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestBridge, type TestBridge } from './netns';
import { missing } from './requirements';
import { PROBLEM_FIELDS, startCapture, tsharkFields } from './tshark-capture';
import { one } from './wireshark-fields';

const root = path.resolve(import.meta.dirname, '../..');
const skip = missing(['tshark', 'ip'], true);
const port = 20000 + Math.floor(Math.random() * 40000);
const probePort = port + 1;
const started: ChildProcessWithoutNullStreams[] = [];
let network: TestBridge | undefined;
let dir = '';

/**
 * Starts a chat in a namespace. The guard: it only ever broadcasts to the test's own private subnet,
 * never to the default (this machine's real subnet), whatever the chat would choose by itself.
 */
function chat(namespace: string, name: string, to: string) {
  assert.match(to, /^10\.77\.\d+\.255$/, 'a test chat broadcasts only into the namespaces this test made');
  const child = spawn('ip', ['netns', 'exec', namespace, process.execPath, 'dist/cli.js', 'chat', '\\\\*\\mailslot\\cb', '--netbios', '--to', to, '--port', String(port), '--name', name], { cwd: root });
  started.push(child);
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (out.stdout += chunk));
  child.stderr.on('data', (chunk) => (out.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const until = async (stream: 'stdout' | 'stderr', pattern: RegExp, what: string) => {
    const deadline = Date.now() + 30_000;
    while (!pattern.test(out[stream])) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`gave up waiting for ${what}\nstdout: ${out.stdout}\nstderr: ${out.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { child, out, exited, until };
}

describe('slotpipe chat: the mailslot conference as NetBIOS broadcasts between two namespaces', { skip }, () => {
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-chat-'));
    fs.chmodSync(dir, 0o755);
    network = createTestBridge('chat', 2);
  });

  after(() => {
    for (const child of started) child.kill('SIGKILL');
    network?.remove();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('each line reaches the other chat with its sender, once; the wire carries NetBIOS group datagrams', async () => {
    const net = network!;
    const capture = await startCapture({ iface: net.bridge, filter: `udp port ${port} or udp port ${probePort}`, file: path.join(dir, 'chat.pcapng'), probePort, probeAddress: net.namespaces[0].address });
    const alice = chat(net.namespaces[0].namespace, 'ALICE', net.broadcast);
    const bob = chat(net.namespaces[1].namespace, 'BOB', net.broadcast);
    await alice.until('stderr', /chatting on \\\\\*\\mailslot\\cb \(NetBIOS datagrams as ALICE to 10\.77\.\d+\.255:\d+\)/, 'alice to start');
    await bob.until('stderr', /chatting on/, 'bob to start');

    alice.child.stdin.write('hello from alice\n');
    await bob.until('stdout', /^ALICE: hello from alice$/m, 'alice\'s line at bob');
    bob.child.stdin.write('hi alice, bob here\n');
    await alice.until('stdout', /^BOB: hi alice, bob here$/m, 'bob\'s line at alice');
    alice.child.stdin.write('ünïcode ☃ too\n');
    await bob.until('stdout', /^ALICE: ünïcode ☃ too$/m, 'the second line');

    alice.child.stdin.end();
    bob.child.stdin.end();
    assert.equal(await alice.exited, 0, alice.out.stderr);
    assert.equal(await bob.exited, 0, bob.out.stderr);
    assert.equal(alice.out.stdout, 'BOB: hi alice, bob here\n', 'alice sees bob\'s line, never her own');
    assert.equal(bob.out.stdout, 'ALICE: hello from alice\nALICE: ünïcode ☃ too\n');
    // A broadcast reaches its sender's socket too: each chat got its own lines back and did not show them.
    assert.match(alice.out.stderr, /chat ended: 2 lines sent, 1 shown, 2 of our own came back and were not shown again/);
    assert.match(bob.out.stderr, /chat ended: 1 line sent, 2 shown, 1 of our own came back and was not shown again/);

    await capture.stop();
    const packets = tsharkFields(capture.file, port, ['ip.src', 'ip.dst', 'nbdgm.type', 'nbdgm.source_name', 'nbdgm.destination_name', 'mailslot.name', 'data.data', ...PROBLEM_FIELDS]);
    const lines = packets.map((p) => [one(p, 'ip.src'), one(p, 'ip.dst'), one(p, 'nbdgm.type'), one(p, 'nbdgm.source_name'), one(p, 'nbdgm.destination_name'), one(p, 'mailslot.name'), Buffer.from((one(p, 'data.data') ?? '').replace(/:/g, ''), 'hex').toString()]);
    assert.deepEqual(lines, [
      [net.namespaces[0].address, net.broadcast, '17', 'ALICE<00>', 'WORKGROUP<00>', '\\MAILSLOT\\cb', 'hello from alice'],
      [net.namespaces[1].address, net.broadcast, '17', 'BOB<00>', 'WORKGROUP<00>', '\\MAILSLOT\\cb', 'hi alice, bob here'],
      [net.namespaces[0].address, net.broadcast, '17', 'ALICE<00>', 'WORKGROUP<00>', '\\MAILSLOT\\cb', 'ünïcode ☃ too'],
    ]);
    for (const p of packets) for (const field of PROBLEM_FIELDS) assert.equal(p[field], undefined, `${field}: ${JSON.stringify(p[field])}`);
  });
});
