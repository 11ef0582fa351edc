/**
 * A process that writes a capture file until it is killed: batches of numbered messages through
 * Slotpipe's CaptureFileWriter, printing `FLUSHED <messages>` each time a batch is on disk (with ` BIG`
 * when the next batch is a large one, written in several pieces: a kill then lands mid-write).
 *   node --import tsx capture-writer-child.ts <file>
 */
import { CaptureFileWriter } from '../../extension/capture/capture-file';
import type { TrafficMessage } from '../../extension/core/message';

async function main() {
  const writer = await CaptureFileWriter.open(process.argv[2], undefined, (m) => console.log(`ERROR ${m}`));
  let seq = 0;
  for (let batch = 0; ; batch++) {
    const size = batch % 10 === 9 ? 20_000 : 50;
    const messages: TrafficMessage[] = Array.from({ length: size }, () => {
      seq++;
      return { seq, time: Date.now(), watcherId: 'crash', endpoint: '\\\\.\\pipe\\crash', direction: 'in', flags: 0, bytes: new TextEncoder().encode(`message ${seq} `.repeat(20)) };
    });
    await writer.append(messages);
    console.log(`FLUSHED ${seq}${(batch + 1) % 10 === 9 ? ' BIG' : ''}`);
  }
}

void main();
