// Preloaded into the Windows node.exe under Wine (`node.exe -r wine-stdio-shim.cjs ...`).
// node.exe dies with EBADF when its stdout/stderr/stdin is a Linux pipe, because libuv cannot open
// Wine's handle for it as a Windows pipe. Plain file-descriptor reads and writes on the same handles
// work, so the three streams are replaced by fs-backed ones before anything touches them.
'use strict';
const fs = require('node:fs');
const { Writable, Readable } = require('node:stream');

function writableFd(fd) {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      try {
        for (let offset = 0; offset < chunk.length; ) offset += fs.writeSync(fd, chunk, offset);
        done();
      } catch (err) {
        done(err);
      }
    },
  });
  stream.fd = fd;
  // Writes are synchronous, so nothing is left to flush at exit, as with a file as stdout.
  stream.isTTY = false;
  return stream;
}

function readableFd(fd) {
  const buffer = Buffer.alloc(64 * 1024);
  const stream = new Readable({
    read() {
      fs.read(fd, buffer, 0, buffer.length, null, (err, bytesRead) => {
        if (err && err.code === 'EOF') return this.push(null);
        if (err) return this.destroy(err);
        this.push(bytesRead ? Buffer.from(buffer.subarray(0, bytesRead)) : null);
      });
    },
  });
  stream.fd = fd;
  stream.isTTY = false;
  return stream;
}

function replace(name, create) {
  let stream;
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: true,
    get: () => (stream ??= create()),
  });
}

// Worker threads (preloaded too) keep their own stdio, which node pipes through the main thread.
if (require('node:worker_threads').isMainThread) {
  replace('stdout', () => writableFd(1));
  replace('stderr', () => writableFd(2));
  replace('stdin', () => readableFd(0));
}
