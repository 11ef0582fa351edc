/**
 * Hostile and unlucky input to the command line (dist/cli.js, as people run it): devices, FIFOs and
 * oversized files are refused with a clear message, a sparse or zero-filled 1 GB capture fails fast in
 * bounded memory, an endless flood needs a count, input repeated in errors is cut, and names from
 * other programs cannot drive the terminal.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist/cli.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-bounded-'));

/** Runs the CLI under /usr/bin/time, so its peak memory is known. */
function slotpipe(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', 'peak-kb %M', process.execPath, cli, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  const peak = Number(/peak-kb (\d+)/.exec(r.stderr)?.[1]);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.replace(/^peak-kb \d+\n?/m, ''), peakMB: peak / 1024 };
}

/** A file of `size` bytes that takes no disk (sparse), starting with `head`. */
function sparseFile(name: string, size: number, head = new Uint8Array(0)): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, head);
  fs.truncateSync(file, size);
  return file;
}

describe('bounded input on the command line', { timeout: 120_000 }, () => {
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const fifo = path.join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);

  test('decode --file and send --file refuse devices and FIFOs at once', () => {
    for (const args of [['decode', '--file'], ['send', '\\\\.\\mailslot\\x', '--file'], ['decode', '--hex', '00', '--header']]) {
      const option = args.includes('--header') ? 'header' : 'file';
      const zero = slotpipe([...args, '/dev/zero']);
      assert.equal(zero.code, 2, zero.stderr);
      assert.match(zero.stderr, new RegExp(`^slotpipe: --${option}: /dev/zero is a device, not a regular file\n`));
      const pipe = slotpipe([...args, fifo]);
      assert.equal(pipe.code, 2, pipe.stderr);
      assert.match(pipe.stderr, new RegExp(`--${option}: .*fifo is a FIFO \\(named pipe\\), not a regular file`));
    }
  });

  test('a file over 16 MiB is refused before it is read, saying the limit', () => {
    const big = sparseFile('big.bin', 100 * 1024 * 1024);
    for (const args of [['decode', '--file', big], ['send', '\\\\.\\pipe\\x', '--file', big]]) {
      const r = slotpipe(args);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /--file: .*big\.bin is 100 MiB; at most 16 MiB is read/);
      assert.ok(r.peakMB < 150, `peak ${r.peakMB} MB`);
    }
    for (const command of ['decode', 'send']) assert.match(slotpipe([command, '--help']).stdout, /--file FILE +the bytes of a regular file of at most 16 MiB \(not a device or FIFO\)/, command);
  });

  test('a sparse 1 GB pcap (a header, then zeros) fails fast in bounded memory', () => {
    const header = new Uint8Array(24);
    const view = new DataView(header.buffer);
    view.setUint32(0, 0xa1b2c3d4, true);
    view.setUint16(4, 2, true);
    view.setUint16(6, 4, true);
    view.setUint32(16, 65535, true);
    view.setUint32(20, 1, true);
    const r = slotpipe(['decode', '--pcap', sparseFile('sparse.pcap', 1024 ** 3, header)]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /packet 1: packet 1's record says 0 bytes were on the wire: the rest of the file \(1073741800 bytes from offset 24\) holds no packets \(it is zeros\)/);
    assert.match(r.stderr, /no mailslot datagrams \(UDP 138\) among its 0 packets/);
    assert.ok(r.peakMB < 150, `peak ${r.peakMB} MB`);
  });

  test('an all-zero 1 GB file is refused by its first bytes, without being read', () => {
    for (const option of ['--pcap', '--capture']) {
      const r = slotpipe(['decode', option, sparseFile('zero.bin', 1024 ** 3)]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`^slotpipe: ${option} .*zero\\.bin: the file starts with 00 00 00 00, which is neither pcap \\(a1 b2 c3 d4\\), pcapng \\(0a 0d 0d 0a\\) nor JSON Lines records \\(\\{\\)`));
      assert.ok(r.peakMB < 150, `peak ${r.peakMB} MB`);
    }
  });

  test('a 1 GB "JSON Lines" file without a line end stops at the line bound', () => {
    const r = slotpipe(['decode', '--capture', sparseFile('brace.jsonl', 1024 ** 3, Uint8Array.of(0x7b))]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /brace\.jsonl: a line runs past 256 MiB without an end; a record of the largest message is shorter/);
    assert.ok(r.peakMB < 1024, `peak ${r.peakMB} MB`);
  });

  test('send --repeat below 0.1 s needs --count; --count -1 names the option and what it takes', () => {
    const flood = slotpipe(['send', '\\\\.\\mailslot\\x', 'hi', '--repeat', '0']);
    assert.equal(flood.code, 2);
    assert.match(flood.stderr, /^slotpipe: --repeat 0 without --count would send as fast as it can until stopped .*; give --count N, or --repeat 0\.1 or more\n/);
    assert.match(slotpipe(['send', '--help']).stdout, /without --count at least 0\.1/);
    for (const args of [['send', '\\\\.\\mailslot\\x', 'hi', '--count', '-1'], ['watch', '\\\\.\\mailslot\\x', '--count', '-1']]) {
      const r = slotpipe(args);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^slotpipe: --count takes a whole number from 1 to \d+, got "-1"\n/);
      assert.doesNotMatch(r.stderr, /ambiguous/);
    }
  });

  test('an error repeating a 120 KB argument stays one readable line', () => {
    const r = slotpipe(['send', '\\\\.\\mailslot\\x', '--hex', 'a'.repeat(120_001)]);
    assert.equal(r.code, 2);
    const [line] = r.stderr.split('\n');
    assert.match(line, /^slotpipe: --hex: the hex group "a{60}…" \(120,001 characters\) has an odd number of digits/);
    assert.ok(line.length < 200, `${line.length} characters`);
  });

  test('slotpipe pipes shows control characters in socket names escaped', () => {
    const own = fs.mkdtempSync(path.join(dir, 'pipes-'));
    const name = 'evil\x1b]0;pwned\x07\x1b[31mred';
    execFileSync('python3', ['-c', `import socket; socket.socket(socket.AF_UNIX).bind(${JSON.stringify(path.join(own, `CoreFxPipe_${name}`))})`]);
    const r = slotpipe(['pipes'], { TMPDIR: own });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes('\x1b') && !r.stdout.includes('\x07'), JSON.stringify(r.stdout));
    assert.ok(r.stdout.includes('\\\\.\\pipe\\evil\\x1b]0;pwned\\x07\\x1b[31mred'), r.stdout);
    const json = JSON.parse(slotpipe(['pipes', '--json'], { TMPDIR: own }).stdout);
    assert.equal(json[0].name, name, 'JSON keeps the name as it is (escaped by JSON itself)');
  });

  test('a watcher that cannot start says why once', () => {
    const own = fs.mkdtempSync(path.join(dir, 'start-'));
    fs.writeFileSync(path.join(own, 'CoreFxPipe_taken'), '');
    const r = slotpipe(['watch', '\\\\.\\pipe\\taken'], { TMPDIR: own });
    assert.equal(r.code, 1);
    assert.equal(r.stderr.match(/exists and is not a socket/g)?.length, 1, r.stderr);
  });
});
