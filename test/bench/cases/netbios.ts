/**
 * Case 5 (Linux, loopback): the same datagrams to a raw dgram socket that only counts and to
 * Slotpipe's NetBIOS watcher (decode, repeat filter, wire copy, TrafficLog). Compared by capacity:
 * datagrams handled per CPU-second of the receiving process, at a rate both keep up with, so no
 * datagram is lost to either and the figure does not depend on how fast the sender is. A flood (sender
 * as fast as it goes) is also run, to show what each side receives when the kernel starts dropping.
 * And the codec alone.
 */
import { startLinuxDriver } from '../linux-driver-process';
import { resultOf } from '../processes';
import { alternate, fixed, int, median, ratioText, roundSpread, type BenchRow } from '../results';

interface Received {
  received: number;
  wallMs: number;
  cpuMs: number;
}

const MAILSLOT = 'SLOTPIPE_BENCH';

async function receive(scenario: 'dgram-count' | 'netbios-ingest', count: number, rate: number): Promise<Received> {
  const receiver = await startLinuxDriver(scenario, { count, mailslot: MAILSLOT });
  const { port } = JSON.parse(await receiver.line('{"ready"'));
  const sender = await startLinuxDriver('netbios-send', { port, count, mailslot: MAILSLOT, rate });
  await resultOf(sender);
  return resultOf<Received>(receiver);
}

export async function netbios(count: number, paced: number, rounds: number, codecCount: number, why: string): Promise<BenchRow[]> {
  const capacity = (r: Received) => r.received / (r.cpuMs / 1000);
  const pacedRuns = await alternate(rounds, () => receive('dgram-count', count, paced), () => receive('netbios-ingest', count, paced));
  const base = median(pacedRuns.baseline.map(capacity));
  const ours = median(pacedRuns.slotpipe.map(capacity));
  const lost = Math.max(...pacedRuns.slotpipe.map((r) => count - r.received));
  const flood = await alternate(1, () => receive('dgram-count', count, 0), () => receive('netbios-ingest', count, 0));
  const floodRate = (r: Received) => `${int(r.received)} of ${int(count)} received, ${int(r.received / (r.wallMs / 1000))}/s`;
  const codec = await resultOf<{ decodes: number; ms: number }>(await startLinuxDriver('codec', { count: codecCount }));
  const decodesPerSecond = codec.decodes / (codec.ms / 1000);
  return [
    {
      name: `5 NetBIOS datagrams, ${int(count)} × 100 B at ${int(paced)}/s (Linux, loopback)`,
      baseline: `${int(base)} datagrams per CPU-second (raw dgram, counting)`,
      slotpipe: `${int(ours)} datagrams per CPU-second (watcher: decode + log), ${lost ? `${lost} LOST` : 'none lost'}`,
      ratio: ratioText(ours / base),
      target: '≥ 0.8×',
      met: ours / base >= 0.8 ? 'yes' : 'no',
      note: `${why} ${roundSpread(pacedRuns.baseline.map(capacity), pacedRuns.slotpipe.map(capacity))} Flood (sender as fast as it goes, ${int(count)} datagrams): raw ${floodRate(flood.baseline[0])}; watcher ${floodRate(flood.slotpipe[0])}.`,
    },
    {
      name: '5 NetBIOS codec alone, 100-byte payloads',
      baseline: '—',
      slotpipe: `${int(decodesPerSecond)} decodes/s (${fixed(codec.ms * 1000 / codec.decodes, 2)} µs each)`,
      ratio: '—',
      target: '≥ 500,000 decodes/s',
      met: decodesPerSecond >= 500_000 ? 'yes' : 'no',
      note: 'Datagram + SMB + mailslot layers of a 100-byte message, bundled and minified as shipped.',
    },
  ];
}
