/** Export Capture: the log (or part of it) as JSON Lines, or as pcapng for network traffic. */
import fs from 'node:fs/promises';
import { MessageFlag, type TrafficMessage } from '../core/message';
import { toRecord, type DescribeMessage } from './capture-record';
import { encodePcapng } from './pcap-bridge';

export type ExportFormat = 'jsonl' | 'pcapng';

export function formatForPath(path: string): ExportFormat {
  return /\.pcapng$/i.test(path) ? 'pcapng' : 'jsonl';
}

export interface ExportResult {
  written: number;
  /** Messages left out (pcapng holds network traffic only). */
  skipped: number;
}

const CHUNK = 5000;
/** A new export file is readable by its owner only: it holds whatever the peers sent. */
const OWNER_ONLY = 0o600;

export async function exportCapture(
  messages: readonly TrafficMessage[],
  path: string,
  format: ExportFormat,
  describe?: DescribeMessage,
): Promise<ExportResult> {
  if (format === 'pcapng') {
    const network = messages.filter((m) => m.flags & MessageFlag.network && m.wire);
    if (!network.length) {
      throw new Error('none of these messages came from the network, so there is nothing to put in a pcapng file; export JSON Lines instead');
    }
    await fs.writeFile(path, await encodePcapng(network), { mode: OWNER_ONLY });
    return { written: network.length, skipped: messages.length - network.length };
  }
  const handle = await fs.open(path, 'w', OWNER_ONLY);
  try {
    for (let i = 0; i < messages.length; i += CHUNK) {
      const lines = messages.slice(i, i + CHUNK).map((m) => `${JSON.stringify(toRecord(m, describe))}\n`);
      await handle.appendFile(lines.join(''), 'utf8');
      // Let other extensions run between chunks of a big export.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await handle.close();
  }
  return { written: messages.length, skipped: 0 };
}
