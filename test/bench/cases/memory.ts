/**
 * Case 9: the TrafficLog holding a million 100-byte messages (capacity 1,000,000), then another
 * million pushing the oldest out: memory after a full GC at each step. The baseline is the payload
 * alone (100 MB).
 */
import { startLinuxDriver } from '../linux-driver-process';
import { resultOf } from '../processes';
import { fixed, int, type BenchRow } from '../results';

interface Sample {
  appended: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}

const MB = 2 ** 20;

export async function memory(messages: number, why: string): Promise<BenchRow[]> {
  const program = await startLinuxDriver('memory', { messages: messages * 2, capacity: messages, step: messages / 4 }, ['--expose-gc']);
  const r = await resultOf<{ empty: Sample; samples: Sample[] }>(program);
  // process.memoryUsage().external already includes arrayBuffers.
  const total = (s: Sample) => (s.heapUsed + s.external - r.empty.heapUsed - r.empty.external) / MB;
  const full = r.samples.find((s) => s.appended >= messages)!;
  // Once the ring is full and dropping, memory must hold still (the fill step itself is the reach to full).
  const after = r.samples.filter((s) => s.appended > messages).map(total);
  const growth = Math.max(...after) - Math.min(...after);
  const payload = (messages * 100) / MB;
  return [{
    id: 'memory',
    name: `9 Memory, ${int(messages)} × 100 B in the log, then ${int(messages)} more (Linux)`,
    baseline: `${fixed(payload)} MB (the payload bytes alone)`,
    slotpipe: `${fixed(total(full))} MB at full (heap ${fixed((full.heapUsed - r.empty.heapUsed) / MB)} + external/array buffers ${fixed((full.external - r.empty.external) / MB)}); after full: ${after.map((m) => fixed(m)).join(' → ')} MB`,
    ratio: `${(total(full) / payload).toFixed(2)}× the payload`,
    target: '≤ 250 MB, flat after full',
    met: Math.max(total(full), ...after) <= 250 && growth <= 0.1 * Math.max(...after) ? 'yes' : 'no',
    note: `${why} Spread of the samples after full: ${fixed(growth)} MB (each after a full GC, every ${int(messages / 4)} messages).`,
    figures: { baseline: { value: payload, unit: 'MB' }, slotpipe: { value: Math.max(total(full), ...after), unit: 'MB' }, ratio: total(full) / payload, target: { of: 'slotpipe', at: 'most', value: 250, unit: 'MB' } },
  }];
}
