// capture-record.ts, capture-file.ts, capture-export.ts and capture-import.ts together: what one writes the other reads.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { MessageFlag, type TrafficMessage } from '../../../extension/core/message';
import { TrafficLog } from '../../../extension/core/traffic-log';
import { StructRegistry } from '../../../extension/decode/index';
import { CaptureFileWriter } from '../../../extension/capture/capture-file';
import { exportCapture } from '../../../extension/capture/capture-export';
import { readCaptureFile } from '../../../extension/capture/capture-import';
import { fromRecordLine, toRecord } from '../../../extension/capture/capture-record';
import { createDescriber } from '../../../extension/capture/describe-message';
import { writeAnnouncement } from '../../../extension/watchers/server-announcements';

const registry = StructRegistry.withBuiltins();
const describe = createDescriber((id) => (id === 'slot' ? 'struct:MS_MESSAGE' : undefined), () => registry);

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-unit-capture-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function sampleLog(): TrafficLog {
  const log = new TrafficLog(100);
  log.append('pipe', '\\\\.\\pipe\\ssnp', [
    { time: 1_700_000_000_123.5, direction: 'in', bytes: new TextEncoder().encode('hello'), peer: { pid: 42, image: 'C:\\peer.exe', connection: 3 } },
    { time: 1_700_000_000_124, direction: 'out', bytes: new Uint8Array([0, 255, 16]) },
  ]);
  log.append('slot', '\\\\.\\mailslot\\sms', [
    { time: 1_700_000_000_200, direction: 'in', bytes: writeAnnouncement('10.1.2.3', 5150), flags: MessageFlag.network, wire: new Uint8Array([0x45, 1, 2]) },
  ]);
  return log;
}

test('a record keeps everything, with bytes as hex and the decoded view of the watcher\'s decoder', () => {
  const [, , announcement] = sampleLog().range(1, 3);
  const record = toRecord(announcement, describe);
  assert.equal(record.hex.slice(0, 8), 'ddccbbaa');
  assert.equal(record.size, 32);
  assert.equal(record.wireHex, '450102');
  assert.equal(record.iso, new Date(announcement.time).toISOString());
  const decoded = record.decoded as { decoder: string; fields: { name: string; value: unknown }[] };
  assert.equal(decoded.decoder, 'struct:MS_MESSAGE');
  assert.deepEqual(decoded.fields.map((f) => [f.name, f.value]).slice(1), [['ipStr', '10.1.2.3'], ['ip', 0x0302010a], ['port', 5150]]);
  assert.deepEqual(record.flagNames, ['network']);
  assert.equal(record.text, undefined, 'binary bytes carry no text');
  assert.equal(toRecord(sampleLog().range(1, 1)[0]).text, 'hello');
  const back = fromRecordLine(JSON.stringify(record), 1);
  assert.deepEqual(back.raw, { time: announcement.time, direction: 'in', bytes: announcement.bytes, flags: MessageFlag.network, wire: announcement.wire });
});

test('bad lines are refused naming the line and the field', () => {
  assert.throws(() => fromRecordLine('{nope', 7), /^Error: line 7: not JSON/);
  assert.throws(() => fromRecordLine('{"time":1,"endpoint":"e","direction":"sideways","hex":""}', 2), /line 2: "direction" must be "in" or "out"/);
  assert.throws(() => fromRecordLine('{"time":1,"endpoint":"e","direction":"in","hex":"zz"}', 3), /line 3: "hex": "z" is not a hex digit/);
  assert.throws(() => fromRecordLine('{"time":1,"endpoint":"e","direction":"in","hex":"0102","size":3}', 4), /line 4: "size" says 3 bytes but "hex" holds 2/);
});

test('every field is checked at load, so nothing that loads breaks the panel or an export later', () => {
  const line = (extra: Record<string, unknown>) => JSON.stringify({ time: 1, endpoint: 'e', direction: 'in', hex: '01', ...extra });
  const refused: [Record<string, unknown>, RegExp][] = [
    [{ time: 1e20 }, /line 9: "time" must be a number of milliseconds since 1970 .*got 100000000000000000000/],
    [{ time: '2026-01-01T00:00:00Z' }, /line 9: "time" must be a number of milliseconds/],
    [{ flags: ['network'] }, /line 9: "flags" must be a whole number made of the flag bits 1, 2, 4, got \["network"\]/],
    [{ flags: 8 }, /line 9: "flags" must be a whole number/],
    [{ flags: 1.5 }, /line 9: "flags" must be a whole number/],
    [{ flags: 2 ** 40 }, /line 9: "flags" must be a whole number/],
    [{ peer: 'somebody' }, /line 9: "peer" must be an object, got "somebody"/],
    [{ peer: { pid: 'x' } }, /line 9: "peer.pid" must be a whole number, got "x"/],
    [{ peer: { name: 7 } }, /line 9: "peer.name" must be a string, got 7/],
    [{ peer: { colour: 'red' } }, /line 9: "peer" has an unknown field "colour"/],
    [{ wireHex: '450' }, /line 9: "wireHex": the hex group "450" has an odd number of digits/],
    [{ wireHex: 12 }, /line 9: "wireHex" must be a hex string, got 12/],
    [{ seq: 0 }, /line 9: "seq" must be a whole number from 1/],
    [{ watcherId: 5 }, /line 9: "watcherId" must be a non-empty string/],
    [{ endpoint: '' }, /line 9: "endpoint" must be a non-empty string/],
    [{ hex: '0'.repeat(100_001) }, /line 9: "hex": the hex group "0{20,}…" \(100,001 characters\) has an odd number of digits/],
  ];
  for (const [extra, expected] of refused) assert.throws(() => fromRecordLine(line(extra), 9), expected, JSON.stringify(extra).slice(0, 80));
  const error = (() => {
    try {
      fromRecordLine(line({ hex: 'ab'.repeat(50_000) + 'z' }), 1);
    } catch (err) {
      return (err as Error).message;
    }
  })();
  assert.ok(error && error.length < 200, 'an error that quotes the input is cut to a readable length');
  const loaded = fromRecordLine(line({ flags: 5, peer: { name: 'HOST<00>', address: '10.0.0.5:138' }, wireHex: '4500', seq: 3, watcherId: 'w' }), 1);
  assert.deepEqual(loaded.raw, { time: 1, direction: 'in', bytes: new Uint8Array([1]), flags: 5, peer: { name: 'HOST<00>', address: '10.0.0.5:138' }, wire: new Uint8Array([0x45, 0]) });
});

test('a bad line in a file is reported with the file and its line; a cut-off last line is a problem, not a failure', async (t) => {
  const dir = tempDir(t);
  const good = JSON.stringify({ time: 1, endpoint: 'e', direction: 'in', hex: '01' });
  const bad = path.join(dir, 'bad.jsonl');
  fs.writeFileSync(bad, `${good}\n\n${JSON.stringify({ time: 1, endpoint: 'e', direction: 'in', hex: '01', wireHex: 'abc' })}\n${good}\n`);
  await assert.rejects(readCaptureFile(bad), new RegExp(`^Error: ${bad.replace(/[\\/.]/g, '\\$&')}: line 3: "wireHex": the hex group "abc" has an odd number of digits`));
  const cut = path.join(dir, 'cut.jsonl');
  fs.writeFileSync(cut, `${good}\n${good}\n{"time":1,"endp`);
  const loaded = await readCaptureFile(cut);
  assert.equal(loaded.messages.length, 2);
  assert.match(loaded.problems[0], /^line 3 is cut off \(15 bytes, no end of line\)/);
});

test('Export Capture as JSON Lines reads back message for message', async (t) => {
  const file = path.join(tempDir(t), 'all.jsonl');
  const messages = sampleLog().range(1, 3);
  assert.deepEqual(await exportCapture(messages, file, 'jsonl', describe), { written: 3, skipped: 0 });
  const loaded = await readCaptureFile(file);
  assert.equal(loaded.format, 'jsonl');
  assert.deepEqual(loaded.messages.map((m) => [m.watcherId, m.endpoint, m.raw.direction, [...m.raw.bytes]]),
    messages.map((m) => [m.watcherId, m.endpoint, m.direction, [...m.bytes]]));
  assert.deepEqual(loaded.messages[0].raw.peer, { pid: 42, image: 'C:\\peer.exe', connection: 3 });
});

test('pcapng export takes only network traffic and says so when there is none', async (t) => {
  const dir = tempDir(t);
  const messages = sampleLog().range(1, 3);
  await assert.rejects(exportCapture(messages.slice(0, 2), path.join(dir, 'none.pcapng'), 'pcapng'), /none of these messages came from the network/);
  const result = await exportCapture(messages, path.join(dir, 'net.pcapng'), 'pcapng');
  assert.deepEqual(result, { written: 1, skipped: 2 });
  assert.equal(fs.readFileSync(path.join(dir, 'net.pcapng')).readUInt32LE(0), 0x0a0d0d0a);
});

test('the capture file appends each batch as it comes, in order', async (t) => {
  const file = path.join(tempDir(t), 'live.jsonl');
  const errors: string[] = [];
  const writer = await CaptureFileWriter.open(file, describe, (m) => errors.push(m));
  const log = new TrafficLog(2);
  log.onAppend((batch) => void writer.append(batch));
  for (let i = 0; i < 5; i++) log.append('pipe', '\\\\.\\pipe\\p', [{ time: i, direction: 'in', bytes: new Uint8Array([i]) }]);
  await writer.close();
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TrafficMessage & { hex: string });
  assert.deepEqual(lines.map((l) => l.hex), ['00', '01', '02', '03', '04'], 'what the ring dropped is on disk');
  assert.equal(log.stats().dropped, 3);
  assert.equal(writer.written, 5);
  assert.deepEqual(errors, []);
});

test('a capture file that cannot be opened is named in the error', async (t) => {
  const dir = tempDir(t);
  await assert.rejects(CaptureFileWriter.open(path.join(dir, 'missing', 'x.jsonl'), undefined, () => {}), /cannot open the capture file .*missing/);
});

test('Open Capture File refuses a pcap larger than it reads whole, naming the command that reads any size', async (t) => {
  const file = path.join(tempDir(t), 'huge.pcap');
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  fs.writeFileSync(file, header);
  fs.truncateSync(file, 300 * 1024 * 1024); // sparse: nothing is written past the header
  await assert.rejects(readCaptureFile(file), /huge\.pcap is 300 MiB; at most 256 MiB is read \(slotpipe decode --capture reads a capture of any size\)/);
});
