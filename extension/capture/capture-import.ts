/** Open Capture File: JSON Lines written by Slotpipe (or its CLI's --json), or a .pcap/.pcapng of NetBIOS mailslot traffic. */
import fs from 'node:fs';
import { FileRefused, openRegularFile, readRegularFileAsync } from '../files/regular-file';
import type { LoadedMessage } from './capture-record';
import { decodePcap } from './pcap-bridge';
import { readRecordFile } from './record-reader';

export interface LoadedCapture {
  format: 'jsonl' | 'pcap';
  messages: LoadedMessage[];
  /** What could not be read (damaged packets and the like); the rest loaded. */
  problems: string[];
}

const PCAP_MAGICS = [0x0a0d0d0a, 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1];

/** Whether the file starts like a pcap or pcapng capture (only its first four bytes are read). */
export async function isPcapFile(path: string): Promise<boolean> {
  const handle = await openRegularFile(path, fs.constants.O_RDONLY);
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && PCAP_MAGICS.includes(head.readUInt32BE(0));
  } finally {
    await handle.close();
  }
}

/**
 * A pcap the editor reads whole (its packets become panel rows anyway); a larger one is refused with the
 * way out: `slotpipe decode --capture` reads any size a block at a time.
 */
export const EDITOR_PCAP_LIMIT = 256 * 1024 * 1024;

/** `ports`: UDP ports that carry NetBIOS datagrams in a pcap file (default 138). */
export async function readCaptureFile(path: string, ports?: number[]): Promise<LoadedCapture> {
  if (await isPcapFile(path)) {
    let bytes: Uint8Array;
    try {
      bytes = await readRegularFileAsync(path, EDITOR_PCAP_LIMIT);
    } catch (err) {
      if (err instanceof FileRefused) throw new FileRefused(`${err.message} (slotpipe decode --capture reads a capture of any size)`);
      throw err;
    }
    return { format: 'pcap', ...(await decodePcap(bytes, path, ports)) };
  }
  return { format: 'jsonl', ...(await readRecordFile(path)) };
}
