// Capture files whose packets carry no usable time stamp (pcapng simple packet blocks, or a time offset
// past what a Date holds, as the fuzzer found): they open, and what they load exports and reads back.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
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
