/**
 * Reads a JSON Lines capture as a stream, line by line, each record checked and located by its line
 * number: memory grows with the messages kept, never with the file read at once.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { openRegularFile } from '../files/regular-file';
import { errorMessage } from '../core/error-message';
import { fromRecordLine, type LoadedMessage } from './capture-record';

export interface ReadRecords {
  messages: LoadedMessage[];
  /** What could not be read (a last line cut off); the rest loaded. */
  problems: string[];
}

/** Every record of the file, in order; throws `path: line N: …` at the first bad one. */
export async function readRecordFile(path: string): Promise<ReadRecords> {
  // A regular file only: a FIFO or a device would never end.
  const handle = await openRegularFile(path, fs.constants.O_RDONLY);
  try {
    await refuseUnlessRecords(path, handle);
  } catch (err) {
    await handle.close();
    throw err;
  }
  const stream = handle.createReadStream({ encoding: 'utf8', autoClose: false });
  // readline keeps a line whole until its end: a file without line ends would be read into one string.
  let sinceLineEnd = 0;
  stream.on('data', (chunk: string | Buffer) => {
    const text = String(chunk);
    const end = text.lastIndexOf('\n');
    sinceLineEnd = end < 0 ? sinceLineEnd + text.length : text.length - end - 1;
    if (sinceLineEnd > MAX_RECORD_LINE) stream.destroy(new Error(`${path}: a line runs past ${MAX_RECORD_LINE / 2 ** 20} MiB without an end; a record of the largest message is shorter`));
  });
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  const messages: LoadedMessage[] = [];
  const problems: string[] = [];
  let lineNumber = 0;
  // A bad line is only an error once we know it is not the last one (a cut-off last line is expected).
  let pending: { line: string; error: Error } | undefined;
  try {
    for await (const line of lines) {
      lineNumber++;
      if (pending) throw new Error(`${path}: ${errorMessage(pending.error)}`);
      if (line.trim() === '') continue;
      try {
        messages.push(fromRecordLine(line, lineNumber));
      } catch (err) {
        pending = { line, error: err as Error };
      }
    }
    if (pending) {
      // The writer appends whole lines; a last line that does not parse is where a killed process stopped writing.
      if (await endsWithNewline(handle)) throw new Error(`${path}: ${errorMessage(pending.error)}`);
      problems.push(`line ${lineNumber} is cut off (${Buffer.byteLength(pending.line)} bytes, no end of line): the file ends in the middle of a message, probably because the program writing it was stopped; the ${messages.length} message(s) before it were read`);
    }
  } finally {
    lines.close();
    stream.destroy();
    await handle.close();
  }
  return { messages, problems };
}

/** A record of a 16 MiB message (hex, decoded text and fields) stays well inside this. */
const MAX_RECORD_LINE = 256 * 2 ** 20;

/** Records start with `{`: anything else (a file of zeros, another format) is refused before it is read. */
async function refuseUnlessRecords(path: string, handle: fs.promises.FileHandle): Promise<void> {
  const head = Buffer.alloc(4096);
  const { bytesRead } = await handle.read(head, 0, head.length, 0);
  const first = head.subarray(0, bytesRead).findIndex((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
  if (first >= 0 && head[first] !== 0x7b) {
    const start = [...head.subarray(0, Math.min(4, bytesRead))].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new Error(`${path}: the file starts with ${start}, which is neither pcap (a1 b2 c3 d4), pcapng (0a 0d 0d 0a) nor JSON Lines records ({)`);
  }
}

async function endsWithNewline(handle: fs.promises.FileHandle): Promise<boolean> {
  const { size } = await handle.stat();
  if (!size) return false;
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  return last[0] === 0x0a;
}
