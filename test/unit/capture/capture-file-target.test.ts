// Where slotpipe.captureFile writes: only a regular file, never through a link, never blocked by a FIFO,
// always 0600, and a switch of files loses no message logged meanwhile.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { TrafficLog } from '../../../extension/core/traffic-log';
import { CaptureFileWriter } from '../../../extension/capture/capture-file';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-unit-capture-target-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const log = new TrafficLog(100_000);
const batch = (...texts: string[]) => log.append('w', '\\\\.\\pipe\\p', texts.map((text) => ({ time: 1, direction: 'in' as const, bytes: new TextEncoder().encode(text) })));
const textsIn = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => Buffer.from(JSON.parse(line).hex, 'hex').toString());
const noErrors = (message: string) => assert.fail(message);

test('a symbolic link is not followed: its target stays as it was', async (t) => {
  const dir = tempDir(t);
  const target = path.join(dir, 'target.txt');
  fs.writeFileSync(target, 'precious\n', { mode: 0o644 });
  const link = path.join(dir, 'capture.jsonl');
  fs.symlinkSync(target, link);
  await assert.rejects(CaptureFileWriter.open(link, undefined, noErrors), /cannot open the capture file .*capture\.jsonl: it is a symbolic link, which Slotpipe does not follow/);
  assert.equal(fs.readFileSync(target, 'utf8'), 'precious\n');
  assert.equal(fs.statSync(target).mode & 0o777, 0o644);
});

test('a FIFO is refused at once, with or without a reader, and never written', async (t) => {
  const dir = tempDir(t);
  const fifo = path.join(dir, 'capture.jsonl');
  execFileSync('mkfifo', [fifo]);
  await assert.rejects(CaptureFileWriter.open(fifo, undefined, noErrors), /it is a FIFO \(named pipe\), not a regular file/);
  const reader = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  t.after(() => fs.closeSync(reader));
  await assert.rejects(CaptureFileWriter.open(fifo, undefined, noErrors), /is a FIFO \(named pipe\), not a regular file/);
});

test('a folder or a device is refused', async (t) => {
  await assert.rejects(CaptureFileWriter.open(tempDir(t), undefined, noErrors), /cannot open the capture file/);
  await assert.rejects(CaptureFileWriter.open('/dev/null', undefined, noErrors), /\/dev\/null is a device, not a regular file/);
});

test('an existing file open to everyone becomes owner-only (0600) and is appended to', async (t) => {
  const file = path.join(tempDir(t), 'capture.jsonl');
  fs.writeFileSync(file, '');
  fs.chmodSync(file, 0o666);
  const writer = await CaptureFileWriter.open(file, undefined, noErrors);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  await writer.append(batch('one'));
  await writer.close();
  assert.deepEqual(textsIn(file), ['one']);
});

test('switching files: batches logged while the next file opens are written to it, after the previous file closed', async (t) => {
  const dir = tempDir(t);
  const first = await CaptureFileWriter.open(path.join(dir, 'a.jsonl'), undefined, noErrors);
  void first.append(batch('a1', 'a2'));
  const next = CaptureFileWriter.opening(path.join(dir, 'b.jsonl'), undefined, noErrors, first.close());
  // Logged before the next file is open: nothing may be dropped.
  void next.append(batch('b1'));
  void next.append(batch('b2', 'b3'));
  await next.ready;
  await next.append(batch('b4'));
  await next.close();
  assert.deepEqual(textsIn(path.join(dir, 'a.jsonl')), ['a1', 'a2']);
  assert.deepEqual(textsIn(path.join(dir, 'b.jsonl')), ['b1', 'b2', 'b3', 'b4']);
  assert.equal(next.lost, 0);
});

test('batches logged for a file that cannot be opened are counted as lost and reported, not dropped silently', async (t) => {
  const dir = tempDir(t);
  const link = path.join(dir, 'link.jsonl');
  fs.symlinkSync(path.join(dir, 'elsewhere'), link);
  const errors: string[] = [];
  const writer = CaptureFileWriter.opening(link, undefined, (message) => errors.push(message));
  const written = writer.append(batch('x1', 'x2'));
  await assert.rejects(writer.ready, /symbolic link/);
  await written;
  assert.equal(writer.lost, 2);
  assert.match(errors.join('\n'), /2 message\(s\) not written: the file could not be opened/);
  assert.equal(fs.existsSync(path.join(dir, 'elsewhere')), false);
});
