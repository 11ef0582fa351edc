/** Open Capture File: JSON Lines written by Slotpipe, or a .pcap/.pcapng of NetBIOS mailslot traffic. */
import fs from 'node:fs/promises';
import { fromRecordLine, type LoadedMessage } from './capture-record';
import { decodePcap } from './pcap-bridge';
import { errorMessage } from '../core/error-message';

export interface LoadedCapture {
  format: 'jsonl' | 'pcap';
  messages: LoadedMessage[];
  /** What could not be read (damaged packets and the like); the rest loaded. */
  problems: string[];
}

const PCAP_MAGICS = [0x0a0d0d0a, 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1];

/** `ports`: UDP ports that carry NetBIOS datagrams in a pcap file (default 138). */
export async function readCaptureFile(path: string, ports?: number[]): Promise<LoadedCapture> {
  const bytes = new Uint8Array(await fs.readFile(path));
  if (bytes.length >= 4) {
    const magic = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false);
    if (PCAP_MAGICS.includes(magic)) return { format: 'pcap', ...(await decodePcap(bytes, path, ports)) };
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const messages: LoadedMessage[] = [];
  const lines = text.split('\n');
  const problems: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    try {
      messages.push(fromRecordLine(line, i + 1));
    } catch (err) {
      // The writer appends whole lines; a last line without its newline that does not parse is where a
      // killed process stopped writing. What came before it is intact.
      if (i === lines.length - 1) {
        problems.push(`line ${i + 1} is cut off (${Buffer.byteLength(lines[i])} bytes, no end of line): the file ends in the middle of a message, probably because the program writing it was stopped; the ${messages.length} message(s) before it were read`);
        break;
      }
      throw new Error(`${path}: ${errorMessage(err)}`);
    }
    if (i % 5000 === 4999) await new Promise((resolve) => setImmediate(resolve));
  }
  return { format: 'jsonl', messages, problems };
}
