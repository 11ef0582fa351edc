/**
 * Files named by a person or a setting are opened as regular files only: a device (/dev/zero) never
 * ends, a FIFO blocks its reader until a writer comes, a directory has no bytes. Opening non-blocking
 * and checking the opened handle (not the name, which may change in between) refuses them at once.
 */
import fs from 'node:fs';

/** The most `--file` reads (decode, send): larger than any message a watcher keeps whole by default. */
export const FILE_INPUT_LIMIT = 16 * 1024 * 1024;

export class FileRefused extends Error {
  override name = 'FileRefused';
}

/** Opens `path` with `flags` (plus O_NONBLOCK), closing it again unless it is a regular file. */
export async function openRegularFile(path: string, flags: number, mode?: number): Promise<fs.promises.FileHandle> {
  const handle = await fs.promises.open(path, flags | fs.constants.O_NONBLOCK, mode);
  try {
    refuseUnlessRegular(path, await handle.stat());
    return handle;
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/**
 * The bytes of a regular file of at most `limit` bytes; a bigger one is refused before it is read.
 * Synchronous, for the command line.
 */
export function readRegularFile(path: string, limit = FILE_INPUT_LIMIT): Uint8Array {
  const { fd, size } = openRegularFileSync(path);
  try {
    refuseOver(path, size, limit);
    // One byte more than the size tells a file that grew since its size was read.
    const bytes = new Uint8Array(size + 1);
    let length = 0;
    while (length < bytes.length) {
      const n = fs.readSync(fd, bytes, length, bytes.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > size) throw new FileRefused(`${path} grew while it was read`);
    return bytes.subarray(0, length);
  } finally {
    fs.closeSync(fd);
  }
}

/** The same for the extension host: the open never waits on a FIFO, so no thread of the pool is held. */
export async function readRegularFileAsync(path: string, limit = FILE_INPUT_LIMIT): Promise<Uint8Array> {
  const handle = await openRegularFile(path, fs.constants.O_RDONLY);
  try {
    const { size } = await handle.stat();
    refuseOver(path, size, limit);
    const bytes = new Uint8Array(size);
    const { bytesRead } = await handle.read(bytes, 0, size, 0);
    return bytes.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function refuseOver(path: string, size: number, limit: number): void {
  if (size > limit) throw new FileRefused(`${path} is ${sizeText(size)}; at most ${sizeText(limit)} is read`);
}

/** Opens a regular file for reading (synchronously, for the command line). */
export function openRegularFileSync(path: string): { fd: number; size: number } {
  const fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    return { fd, size: refuseUnlessRegular(path, fs.fstatSync(fd)).size };
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
}

function refuseUnlessRegular(path: string, stat: fs.Stats): fs.Stats {
  if (!stat.isFile()) throw new FileRefused(`${path} is ${kindOf(stat)}, not a regular file`);
  return stat;
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

/** `16 MiB`, `100.0 MiB`, `512 bytes`. */
export function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${bytes.toLocaleString('en-US')} bytes`;
  const mib = bytes / (1024 * 1024);
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}
