// Files named by people and settings: regular files only, a size cap, and never an open that waits.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { FileRefused, readRegularFile, readRegularFileAsync, sizeText } from '../../../extension/files/regular-file';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-regular-file-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('both reads give a regular file whole, and refuse devices, FIFOs, folders and files over the cap', async () => {
  const file = path.join(dir, 'bytes.bin');
  fs.writeFileSync(file, Uint8Array.of(1, 2, 3));
  const fifo = path.join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  for (const read of [readRegularFile, readRegularFileAsync]) {
    assert.deepEqual([...(await read(file))], [1, 2, 3]);
    await assert.rejects(async () => read('/dev/zero'), (err) => err instanceof FileRefused && err.message === '/dev/zero is a device, not a regular file');
    await assert.rejects(async () => read(fifo), /fifo is a FIFO \(named pipe\), not a regular file/);
    await assert.rejects(async () => read(dir), (err: NodeJS.ErrnoException) => err instanceof FileRefused || err.code === 'EISDIR');
    await assert.rejects(async () => read(file, 2), /bytes\.bin is 3 bytes; at most 2 bytes is read/);
  }
});

test('sizes read as people say them', () => {
  assert.equal(sizeText(512), '512 bytes');
  assert.equal(sizeText(16 * 1024 * 1024), '16 MiB');
  assert.equal(sizeText(1.5 * 1024 * 1024), '1.5 MiB');
});
