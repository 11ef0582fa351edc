// Capture files whose packets carry no usable time stamp (pcapng simple packet blocks, or a time offset
// past what a Date holds, as the fuzzer found): they open, and what they load exports and reads back.
// And a message no record can hold costs only itself in the capture file, counted and explained.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { CaptureFileWriter } from '../../extension/capture/capture-file';
import { exportCapture } from '../../extension/capture/capture-export';
import { readCaptureFile } from '../../extension/capture/capture-import';
import { TrafficLog } from '../../extension/core/traffic-log';
import { corpusRoot } from '../fuzz/fuzz-loop';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-reliability-times-'));
after(() => fs.rmSync(folder, { recursive: true, force: true }));

const crashes = fs.readdirSync(path.join(corpusRoot, 'pcap')).filter((name) => name.startsWith('crash-')).sort();

test('pcapng files with time stamps no Date can hold open, export as JSON Lines and read back', async () => {
  assert.ok(crashes.length > 0, 'the corpus keeps the inputs that crashed');
  for (const name of crashes) {
    const loaded = await readCaptureFile(path.join(corpusRoot, 'pcap', name), [138, 23732]);
    assert.ok(loaded.messages.length > 0, name);
    assert.ok(loaded.messages.every((m) => m.raw.time === 0), `${name}: no usable time stamp is shown as the Unix epoch, as Wireshark does`);
    const log = new TrafficLog(1000);
    for (const m of loaded.messages) log.append(m.watcherId, m.endpoint, [m.raw]);
    const file = path.join(folder, `${name}.jsonl`);
    assert.deepEqual(await exportCapture(log.range(1, 1000), file, 'jsonl'), { written: loaded.messages.length, skipped: 0 });
    const back = await readCaptureFile(file);
    assert.deepEqual(back.messages.map((m) => [...m.raw.bytes]), loaded.messages.map((m) => [...m.raw.bytes]), name);
  }
});

test('a message no capture record can hold is counted as lost with the reason; the batches around it are written', async () => {
  const file = path.join(folder, 'bad-time.jsonl');
  const errors: string[] = [];
  const writer = await CaptureFileWriter.open(file, undefined, (message) => errors.push(message));
  const message = (seq: number, time: number) => ({ seq, time, watcherId: 'w', endpoint: '\\\\.\\pipe\\w', direction: 'in' as const, flags: 0, bytes: Uint8Array.of(seq) });
  await writer.append([message(1, 1)]);
  await writer.append([message(2, Number.NaN)]);
  await writer.append([message(3, 3)]);
  await writer.close();
  assert.equal(writer.written, 2);
  assert.equal(writer.lost, 1);
  assert.deepEqual(errors.map((e) => e.replace(file, 'FILE')), ['capture file FILE: 1 message(s) not written: Invalid time value']);
  assert.deepEqual((await readCaptureFile(file)).messages.map((m) => m.raw.bytes[0]), [1, 3]);
});
