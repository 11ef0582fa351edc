/**
 * A regular file read a window at a time (synchronously, for the command line): the capture reader asks
 * for a block at a time, so a 1 GB capture costs one window of memory, not 1 GB.
 */
import fs from 'node:fs';
import type { ByteSource } from '../netbios/pcap-reader';
import { openRegularFileSync } from './regular-file';

const WINDOW = 1024 * 1024;

export interface FileSource extends ByteSource {
  close(): void;
}

export function openFileSource(path: string): FileSource {
  const { fd, size } = openRegularFileSync(path);
  let window = new Uint8Array(WINDOW);
  let start = 0;
  let end = 0;
  return {
    size,
    read(offset, length) {
      if (offset < start || offset + length > end) {
        // A block larger than the window gets a window of its size; the reader has bounded blocks already.
        if (length > window.length) window = new Uint8Array(length);
        const wanted = Math.min(window.length, size - offset);
        let got = 0;
        while (got < wanted) {
          const n = fs.readSync(fd, window, got, wanted - got, offset + got);
          if (n === 0) break;
          got += n;
        }
        if (got < length) throw new Error(`${path} shrank while it was read (at offset ${offset})`);
        start = offset;
        end = offset + got;
      }
      return window.subarray(offset - start, offset - start + length);
    },
    close: () => fs.closeSync(fd),
  };
}
