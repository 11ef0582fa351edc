/**
 * One message record everywhere: what `slotpipe watch --json` prints (dist/cli.js, run with node against
 * a Unix-socket pipe and NetBIOS datagrams on loopback) is what a capture file holds, so Open Capture
 * File and `slotpipe decode --capture` read it back byte for byte; every record the writers make
 * matches docs/capture-record.schema.json, and the schema refuses what the loader refuses.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readCaptureFile } from '../../../extension/capture/capture-import';
import { exportCapture } from '../../../extension/capture/capture-export';
import { fromRecordLine } from '../../../extension/capture/capture-record';
import { createDescriber } from '../../../extension/capture/describe-message';
import { MessageFlag } from '../../../extension/core/message';
import { TrafficLog } from '../../../extension/core/traffic-log';
import { StructRegistry } from '../../../extension/decode/index';
import { writeAnnouncement } from '../../../extension/watchers/server-announcements';

const root = path.resolve(import.meta.dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-record-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const schema = JSON.parse(fs.readFileSync(path.join(root, 'docs/capture-record.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
function assertValid(line: string) {
  const record = JSON.parse(line);
  assert.ok(validate(record), `${line.slice(0, 200)}\n${JSON.stringify(validate.errors)}`);
}

/** Runs `slotpipe watch … --json` until it has printed `count` messages; its stdout goes to `file`. */
function watch(args: string[], file: string) {
  const out = fs.openSync(file, 'w');
  const child = spawn(process.execPath, [cli, 'watch', ...args, '--json'], { cwd: root, env: { ...process.env, TMPDIR: dir }, stdio: ['ignore', out, 'pipe'] }) as ReturnType<typeof spawn> & { stderr: NodeJS.ReadableStream };
  fs.closeSync(out);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const listening = new Promise<void>((resolve, reject) => {
    child.stderr.on('data', () => /watching /.test(stderr) && resolve());
    void exited.then((code) => reject(new Error(`watch exited ${code}: ${stderr}`)));
  });
  return { listening, exited, stderr: () => stderr, kill: () => child.kill() };
}

function slotpipe(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, TMPDIR: dir }, timeout: 30_000 });
  assert.equal(r.status, 0, `slotpipe ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const sent = [Buffer.from('Test String\0'), Buffer.from([0, 1, 2, 0xfe, 0xff]), Buffer.from('ünïcode ☃'), Buffer.alloc(0), Buffer.from(writeAnnouncement('10.1.2.3', 5150))];

test('what `slotpipe watch --json` prints opens as a capture, byte for byte, and decodes with --capture', async () => {
  const file = path.join(dir, 'pipe.jsonl');
  const pipe = '\\\\.\\pipe\\record_rt';
  const watcher = watch([pipe, '--count', String(sent.filter((b) => b.length).length)], file);
  await watcher.listening;
  // A Unix-socket pipe is a byte stream: each send is its own connection, so each arrives as one message.
  for (const bytes of sent.filter((b) => b.length)) slotpipe('send', pipe, '--hex', bytes.toString('hex'));
  assert.equal(await watcher.exited, 0, watcher.stderr());
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  lines.forEach(assertValid);
  const loaded = await readCaptureFile(file);
  assert.equal(loaded.format, 'jsonl');
  assert.deepEqual(loaded.problems, []);
  assert.deepEqual(loaded.messages.map((m) => Buffer.from(m.raw.bytes).toString('hex')), sent.filter((b) => b.length).map((b) => b.toString('hex')));
  const printed = lines.map((l) => JSON.parse(l));
  assert.deepEqual(loaded.messages.map((m) => [m.watcherId, m.endpoint, m.raw.direction, m.raw.time, m.raw.peer]), printed.map((p) => [pipe.toLowerCase(), pipe, 'in', p.time, p.peer]));
  assert.equal(printed[0].text, 'Test String');
  assert.equal(printed[1].text, undefined);
  assert.equal(printed[3].decoded.decoder, 'struct:MS_MESSAGE');

  const decoded = slotpipe('decode', '--capture', file, '--json').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(decoded.map((d) => d.decoder), ['text', 'hex', 'text', 'struct:MS_MESSAGE']);
  assert.deepEqual(decoded.map((d) => d.time), printed.map((p) => p.iso));
  assert.match(slotpipe('decode', '--pcap', file), /^message 1: .* <- \\\\\.\\pipe\\record_rt \[#1\] 12 B\ntext: /);
});

test('NetBIOS datagrams printed by the CLI keep their wire packet through the capture', async () => {
  const port = await freeUdpPort();
  const file = path.join(dir, 'netbios.jsonl');
  const slot = '\\\\.\\mailslot\\record_rt';
  const watcher = watch([slot, '--port', String(port), '--bind', '127.0.0.1', '--count', '2'], file);
  await watcher.listening;
  slotpipe('send', slot, '--hex', sent[1].toString('hex'), '--port', String(port), '--to', '127.0.0.1', '--name', 'RECORDER');
  slotpipe('send', slot, '--hex', sent[4].toString('hex'), '--port', String(port), '--to', '127.0.0.1', '--name', 'RECORDER');
  assert.equal(await watcher.exited, 0, watcher.stderr());
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  lines.forEach(assertValid);
  const printed = lines.map((l) => JSON.parse(l));
  assert.deepEqual(printed.map((p) => [p.flags, p.flagNames]), [[MessageFlag.network, ['network']], [MessageFlag.network, ['network']]]);
  assert.equal(printed[0].peer.name, 'RECORDER<00>');
  const loaded = await readCaptureFile(file);
  assert.deepEqual(loaded.messages.map((m) => Buffer.from(m.raw.bytes)), [sent[1], sent[4]]);
  assert.deepEqual(loaded.messages.map((m) => Buffer.from(m.raw.wire!).toString('hex')), printed.map((p) => p.wireHex));
  // What was loaded exports again as pcapng, as live traffic does.
  const log = new TrafficLog(10);
  for (const m of loaded.messages) log.append(m.watcherId, m.endpoint, [m.raw]);
  const pcap = path.join(dir, 'again.pcapng');
  assert.deepEqual(await exportCapture(log.range(1, 2), pcap, 'pcapng'), { written: 2, skipped: 0 });
  assert.deepEqual((await readCaptureFile(pcap, [port])).messages.map((m) => Buffer.from(m.raw.bytes)), [sent[1], sent[4]]);
});

test('Export Capture writes the same record; a capture file of the earlier format still opens', async () => {
  const registry = StructRegistry.withBuiltins();
  const log = new TrafficLog(10);
  log.append('w', '\\\\.\\mailslot\\sms', sent.map((bytes, i) => ({ time: 1_700_000_000_000 + i, direction: 'in' as const, bytes, peer: { address: '10.0.0.1:138', name: 'A<00>' }, flags: i === 1 ? MessageFlag.truncated : 0 })));
  const file = path.join(dir, 'export.jsonl');
  await exportCapture(log.range(1, sent.length), file, 'jsonl', createDescriber(() => 'auto', () => registry));
  fs.readFileSync(file, 'utf8').trim().split('\n').forEach(assertValid);
  const older = '{"seq":7,"time":1700000000123.5,"iso":"2023-11-14T22:13:20.123Z","watcherId":"\\\\\\\\.\\\\pipe\\\\ssnp","endpoint":"\\\\\\\\.\\\\pipe\\\\ssnp","direction":"in","flags":0,"size":5,"hex":"68656c6c6f","peer":{"pid":42,"connection":3},"decoded":{"decoder":"text","text":"hello","summary":"hello"}}';
  assertValid(older);
  const loaded = fromRecordLine(older, 1);
  assert.deepEqual([loaded.endpoint, Buffer.from(loaded.raw.bytes).toString(), loaded.raw.time, loaded.raw.peer], ['\\\\.\\pipe\\ssnp', 'hello', 1700000000123.5, { pid: 42, connection: 3 }]);
});

test('the schema refuses what the loader refuses', () => {
  const base = { time: 1, endpoint: 'e', direction: 'in', hex: '01' };
  for (const bad of [{ time: 1e20 }, { flags: ['network'] }, { peer: 'x' }, { peer: { pid: 'x' } }, { wireHex: '450' }, { hex: '0' }, { direction: 'up' }, { endpoint: '' }]) {
    const record = { ...base, ...bad };
    assert.equal(validate(record), false, `schema accepts ${JSON.stringify(bad)}`);
    assert.throws(() => fromRecordLine(JSON.stringify(record), 1), /^Error: line 1: /, `loader accepts ${JSON.stringify(bad)}`);
  }
  assert.equal(validate(base), true);
});

function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => {
    const { port } = socket.address();
    socket.close(() => resolve(port));
  }));
}
