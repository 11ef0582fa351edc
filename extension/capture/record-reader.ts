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
  const stream = handle.createReadStream({ encoding: 'utf8', autoClose: false });
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

async function endsWithNewline(handle: fs.promises.FileHandle): Promise<boolean> {
  const { size } = await handle.stat();
  if (!size) return false;
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  return last[0] === 0x0a;
}
