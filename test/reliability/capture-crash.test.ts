// The capture file after a crash: cut at every byte, and a writer process killed mid-write. What was
// flushed reads back in order; a cut-off last line is reported as a problem, never as a failure. Also:
// capture and export files are created readable by their owner only.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { CaptureFileWriter } from '../../extension/capture/capture-file';
import { exportCapture } from '../../extension/capture/capture-export';
import { readCaptureFile } from '../../extension/capture/capture-import';
import { MessageFlag } from '../../extension/core/message';
import { TrafficLog } from '../../extension/core/traffic-log';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-reliability-capture-'));
after(() => fs.rmSync(folder, { recursive: true, force: true }));

const seqsOf = (loaded: Awaited<ReturnType<typeof readCaptureFile>>) => loaded.messages.map((m) => Number(/^message (\d+) /.exec(new TextDecoder().decode(m.raw.bytes))?.[1]));

function sampleLog(messages: number): TrafficLog {
  const log = new TrafficLog(messages);
  for (let i = 1; i <= messages; i++) {
    log.append('pipe', '\\\\.\\pipe\\cut', [{ time: 1_700_000_000_000 + i, direction: 'in', bytes: new TextEncoder().encode(`message ${i} `), peer: { pid: 7, connection: 1 } }]);
  }
  return log;
}

describe('capture file after a crash', () => {
  test('cut at every byte: the whole lines before the cut load, a cut-off line is reported', async () => {
    const file = path.join(folder, 'whole.jsonl');
    const writer = await CaptureFileWriter.open(file, undefined, () => {});
    const log = sampleLog(4);
    await writer.append(log.range(1, 4));
    await writer.close();
    const whole = fs.readFileSync(file);
    const lineEnds = [...whole.keys()].filter((i) => whole[i] === 0x0a);
    const cut = path.join(folder, 'cut.jsonl');
    for (let length = 0; length <= whole.length; length++) {
      fs.writeFileSync(cut, whole.subarray(0, length));
      const loaded = await readCaptureFile(cut);
      const complete = lineEnds.filter((end) => end < length).length;
      // A cut right before a newline leaves a whole record without its newline: it is read.
      const wholeRecord = lineEnds.includes(length);
      assert.deepEqual(seqsOf(loaded), Array.from({ length: complete + (wholeRecord ? 1 : 0) }, (_, i) => i + 1), `cut at ${length}`);
      const midLine = length > 0 && whole[length - 1] !== 0x0a && !wholeRecord;
      assert.equal(loaded.problems.length, midLine ? 1 : 0, `cut at ${length}: ${loaded.problems}`);
      if (midLine) assert.match(loaded.problems[0], new RegExp(`^line ${complete + 1} is cut off .*the ${complete} message\\(s\\) before it were read`));
    }
  });

  test('a damaged line in the middle is still an error naming the line', async () => {
    const file = path.join(folder, 'damaged.jsonl');
    await exportCapture(sampleLog(3).range(1, 3), file, 'jsonl');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[1] = lines[1].slice(0, 20);
    fs.writeFileSync(file, lines.join('\n'));
    await assert.rejects(readCaptureFile(file), /damaged\.jsonl: line 2: not JSON/);
  });

  test('a writer process killed while writing: everything flushed reads back in order, the tail is reported', { timeout: 120_000 }, async () => {
    let killedMidLine = 0;
    for (let round = 0; round < 5; round++) {
      const file = path.join(folder, `killed-${round}.jsonl`);
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'capture-writer-child.ts'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      let flushed = 0;
      let out = '';
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk) => {
          out += chunk;
          flushed = Number(/FLUSHED (\d+)(?: BIG)?\n$/.exec(out)?.[1] ?? flushed);
          if (!/ BIG\n$/.test(out) || flushed < 400 + round * 500) return;
          // A large batch is being written now: kill once a growing part of it is on disk.
          const start = fs.statSync(file).size;
          const poll = () => (fs.statSync(file).size > start + (round + 1) * 300_000 ? resolve() : setImmediate(poll));
          poll();
        });
      });
      child.kill('SIGKILL');
      await exited;
      assert.doesNotMatch(out, /ERROR/);
      const loaded = await readCaptureFile(file);
      const seqs = seqsOf(loaded);
      assert.ok(seqs.length >= flushed, `round ${round}: ${seqs.length} read, ${flushed} were flushed before the kill`);
      assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), `round ${round}: in order, none missing`);
      const endsMidLine = fs.readFileSync(file).at(-1) !== 0x0a;
      if (endsMidLine) {
        killedMidLine++;
        assert.equal(loaded.problems.length, 1);
        assert.match(loaded.problems[0], /is cut off .*the program writing it was stopped/);
      } else {
        assert.deepEqual(loaded.problems, []);
      }
    }
    console.log(`5 writers killed: ${killedMidLine} left a cut-off line, every flushed message read back`);
  });
});

describe('files Slotpipe creates are the owner\'s only (POSIX)', { skip: process.platform === 'win32' ? 'POSIX permissions' : false }, () => {
  test('capture file, JSON Lines export and pcapng export are created 0600 whatever the umask', async () => {
    const previous = process.umask(0o000);
    try {
      const capture = await CaptureFileWriter.open(path.join(folder, 'perm-capture.jsonl'), undefined, () => {});
      await capture.append(sampleLog(1).range(1, 1));
      await capture.close();
      await exportCapture(sampleLog(2).range(1, 2), path.join(folder, 'perm-export.jsonl'), 'jsonl');
      const log = new TrafficLog(10);
      log.append('slot', '\\\\.\\mailslot\\x', [{ time: 1, direction: 'in', bytes: Uint8Array.of(1), flags: MessageFlag.network, wire: Uint8Array.of(0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1) }]);
      await exportCapture(log.range(1, 1), path.join(folder, 'perm-export.pcapng'), 'pcapng');
    } finally {
      process.umask(previous);
    }
    for (const name of ['perm-capture.jsonl', 'perm-export.jsonl', 'perm-export.pcapng']) {
      assert.equal((fs.statSync(path.join(folder, name)).mode & 0o777).toString(8), '600', name);
    }
  });
});
