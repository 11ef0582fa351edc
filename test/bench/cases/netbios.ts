/**
 * Case 5 (Linux, loopback): the same datagrams to a raw dgram socket that only counts and to
 * Slotpipe's NetBIOS watcher (decode, repeat filter, wire copy, TrafficLog), both with the receive
 * buffer the watcher asks for.
 * - CPU: datagrams handled per CPU-second of the receiving process, at a rate both keep up with, so no
 *   datagram is lost to either and the figure does not depend on how fast the sender is.
 * - Burst: the sender as fast as it goes; what each side receives (the kernel drops what does not fit).
 * And the codec alone.
 */
import { describeReceiveBuffer, type ReceiveBuffer } from '../../../extension/netbios/receive-buffer';
import { startLinuxDriver } from '../linux-driver-process';
import { resultOf } from '../processes';
import { WARM_UP, alternate, fixed, int, median, medianRoundRatio, ratioRow, ratioText, roundSpread, type BenchRow } from '../results';

interface Received {
  received: number;
  /** From the first datagram to the last one counted (the watcher counts what it logged, decoded). */
  wallMs: number;
  /** The watcher: from the first datagram taken off the socket to the last (their log times, whole ms). */
  receiveMs?: number;
  cpuMs: number;
  /** CPU from the first of the uncounted datagrams on. */
  coldCpuMs: number;
  receiveBuffer?: ReceiveBuffer;
}

const MAILSLOT = 'SLOTPIPE_BENCH';

/** `count` datagrams at `rate` (0: as fast as the sender goes), after the uncounted warm-up (WARM_UP in ../results.ts) sent at `warmUpRate` unless it is 0. */
async function receive(scenario: 'dgram-count' | 'netbios-ingest', count: number, rate: number, warmUpRate = 0): Promise<Received> {
  const warmUp = warmUpRate ? WARM_UP.netbios.datagrams : 0;
  const receiver = await startLinuxDriver(scenario, { count, mailslot: MAILSLOT, warmUp });
  const { port } = JSON.parse(await receiver.line('{"ready"'));
  const sender = await startLinuxDriver('netbios-send', { port, count, mailslot: MAILSLOT, rate, warmUp, warmUpRate, pauseMs: warmUp ? WARM_UP.netbios.pauseMs : 0 });
  await resultOf(sender);
  return resultOf<Received>(receiver);
}

export interface NetbiosScale {
  count: number;
  /** Datagrams per second of the CPU comparison. */
  paced: number;
  rounds: number;
  codec: number;
}

export async function netbios(scale: NetbiosScale, why: Record<string, string>, want: (id: string) => boolean = () => true): Promise<BenchRow[]> {
  const { count, paced, rounds } = scale;
  const rows: BenchRow[] = [];
  if (want('netbios-cpu')) {
    const capacity = (r: Received) => r.received / (r.cpuMs / 1000);
    const runs = await alternate(rounds, () => receive('dgram-count', count, paced, paced), () => receive('netbios-ingest', count, paced, paced));
    const [base, ours] = [median(runs.baseline.map(capacity)), median(runs.slotpipe.map(capacity))];
    const lost = Math.max(...runs.slotpipe.map((r) => count - r.received));
    const perDatagram = (side: Received[]) => fixed(median(side.map((r) => (r.cpuMs * 1000) / r.received)), 2);
    const coldPerDatagram = (side: Received[]) => median(side.map((r) => (r.coldCpuMs * 1000) / (r.received + WARM_UP.netbios.datagrams)));
    const [coldBase, coldOurs] = [coldPerDatagram(runs.baseline), coldPerDatagram(runs.slotpipe)];
    rows.push(ratioRow('netbios-cpu', `5 NetBIOS datagrams, CPU, ${int(count)} × 100 B at ${int(paced)}/s after ${int(WARM_UP.netbios.datagrams)} uncounted (Linux, loopback)`, base, ours, 'datagrams per CPU-second', 0.7,
      { baseline: 'raw dgram, counting', slotpipe: `watcher: decode + log, ${lost ? `${lost} LOST` : 'none lost'}` },
      `${why.cpu ?? ''} CPU per datagram, median of ${rounds}: raw ${perDatagram(runs.baseline)} µs, watcher ${perDatagram(runs.slotpipe)} µs; counted from a fresh process's first datagram instead (the compiling included): raw ${fixed(coldBase, 2)} µs, watcher ${fixed(coldOurs, 2)} µs (${ratioText(coldBase / coldOurs)}). ${roundSpread(runs.baseline.map(capacity), runs.slotpipe.map(capacity))}`.trim()));
  }
  if (want('netbios-burst')) {
    const runs = await alternate(rounds, () => receive('dgram-count', count, 0, paced), () => receive('netbios-ingest', count, 0, paced));
    // The same burst into fresh processes, reported: a burst right after a watcher started.
    const cold = await alternate(rounds, () => receive('dgram-count', count, 0), () => receive('netbios-ingest', count, 0));
    const got = (r: Received) => r.received;
    const [base, ours] = [median(runs.baseline.map(got)), median(runs.slotpipe.map(got))];
    const buffer = runs.slotpipe[0].receiveBuffer;
    const rate = (side: Received[], ms: (r: Received) => number) => int(median(side.map((r) => r.received / (Math.max(ms(r), 1) / 1000))));
    rows.push(ratioRow('netbios-burst', `5 NetBIOS burst, ${int(count)} datagrams as fast as the sender goes, after ${int(WARM_UP.netbios.datagrams)} uncounted at ${int(paced)}/s (Linux, loopback)`, base, ours, `of ${int(count)} received`, 0.95,
      { baseline: 'raw dgram, counting, same receive buffer', slotpipe: 'watcher: decode + log', judged: medianRoundRatio(runs.baseline.map(got), runs.slotpipe.map(got)) },
      `${why.burst ?? ''} Both sockets: ${buffer ? describeReceiveBuffer(buffer) : 'receive buffer not reported'}${buffer ? `; asked ${int(buffer.asked)} B, got ${int(buffer.got)} B, OS limit ${buffer.limit === undefined ? 'unknown' : `${int(buffer.limit)} B`}` : ''}. Taken off the socket per second, median of ${rounds}: raw ${rate(runs.baseline, (r) => r.wallMs)}, watcher ${rate(runs.slotpipe, (r) => r.receiveMs ?? r.wallMs)} (${rate(runs.slotpipe, (r) => r.wallMs)} counting the decoding after the burst). Rounds received: raw ${runs.baseline.map(got).map(int).join(', ')}; watcher ${runs.slotpipe.map(got).map(int).join(', ')}. Into fresh processes (no warm-up), in the same run: raw ${cold.baseline.map(got).map(int).join(', ')}; watcher ${cold.slotpipe.map(got).map(int).join(', ')} (${ratioText(medianRoundRatio(cold.baseline.map(got), cold.slotpipe.map(got)))}, median of the rounds' ratios).`.trim()));
  }
  if (want('netbios-codec')) {
    const codec = await resultOf<{ decodes: number; ms: number }>(await startLinuxDriver('codec', { count: scale.codec }));
    const decodesPerSecond = codec.decodes / (codec.ms / 1000);
    rows.push({
      id: 'netbios-codec',
      name: '5 NetBIOS codec alone, 100-byte payloads',
      baseline: '—',
      slotpipe: `${int(decodesPerSecond)} decodes/s (${fixed(codec.ms * 1000 / codec.decodes, 2)} µs each)`,
      ratio: '—',
      target: '≥ 500,000 decodes/s',
      met: decodesPerSecond >= 500_000 ? 'yes' : 'no',
      note: 'Datagram + SMB + mailslot layers of a 100-byte message, bundled and minified as shipped.',
      figures: { slotpipe: { value: decodesPerSecond, unit: 'decodes/s' }, target: { of: 'slotpipe', at: 'least', value: 500_000, unit: 'decodes/s' } },
    });
  }
  return rows;
}
