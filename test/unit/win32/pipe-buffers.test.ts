import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BYTE_PIPE_BUFFER, PIPE_BUFFER, readSizeFor } from '../../../extension/win32/worker-protocol';

test("a server's connection reads up to its pipe's quota, from 64 KB to 256 KB", () => {
  assert.equal(readSizeFor(PIPE_BUFFER), 64 * 1024, 'a message pipe of Slotpipe\'s');
  assert.equal(readSizeFor(BYTE_PIPE_BUFFER), 256 * 1024, 'a byte pipe of Slotpipe\'s: a bulk stream is read 256 KB at a time');
  assert.equal(readSizeFor(0), PIPE_BUFFER, 'an intercepted server that gave no size');
  assert.equal(readSizeFor(4096), PIPE_BUFFER, 'a small quota still reads a 64 KB message whole');
  assert.equal(readSizeFor(100 * 1024), 100 * 1024);
  assert.equal(readSizeFor(16 * 1024 * 1024), BYTE_PIPE_BUFFER, 'a huge quota does not make every connection hold a huge buffer');
});
