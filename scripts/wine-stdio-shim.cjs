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

/**
 * stdin: a blocking read cannot be cancelled, so one left waiting would keep the process alive (or
 * hang its exit) once the program is done with stdin, where Node's own stdin simply stops reading.
 * So a small helper process does the blocking reads and passes the bytes on through a pipe of
 * node.exe's own making, which pauses, closes and lets the process end as Node's stdin does. The
 * helper ends at end of input or at its next write after this process is gone.
 */
const STDIN_READER = `
  const fs = require('node:fs');
  const buffer = Buffer.alloc(64 * 1024);
  for (;;) {
    let n;
    try {
      n = fs.readSync(0, buffer, 0, buffer.length, null);
    } catch (err) {
      if (err.code === 'EOF') break;
      throw err;
    }
    if (!n) break;
    fs.writeSync(1, buffer, 0, n);
  }`;

function readableFd(fd) {
  let reader;
  // After pause() the stream still reads ahead; the helper's pipe must stay stopped all the same.
  let paused = false;
  const stream = new Readable({
    read() {
      if (!reader) reader = startReader();
      else if (!paused) listen(true);
    },
    destroy(err, done) {
      reader?.kill();
      done(err);
    },
  });
  stream.fd = fd;
  stream.isTTY = false;
  stream.on('pause', () => {
    paused = true;
    listen(false);
  });
  stream.on('resume', () => {
    paused = false;
    listen(true);
  });

  /** A paused pipe socket still reads; unref() is what lets the process end meanwhile. */
  function listen(on) {
    if (!reader) return;
    if (on) {
      reader.stdout.ref();
      reader.stdout.resume();
    } else {
      reader.stdout.pause();
      reader.stdout.unref();
    }
  }

  function startReader() {
    const { spawn } = require('node:child_process');
    const child = spawn(process.execPath, ['-e', STDIN_READER], { stdio: [fd, 'pipe', 'ignore'], windowsHide: true });
    // Only the reading pipe decides whether this keeps the process alive, as with Node's stdin.
    child.unref();
    child.stdout.on('data', (chunk) => {
      if (!stream.push(chunk)) listen(false);
    });
    child.stdout.on('end', () => stream.push(null));
    child.on('error', (err) => stream.destroy(err));
    return child;
  }
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
