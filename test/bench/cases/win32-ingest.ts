/**
 * Cases 1-3: messages written by a C sender (bench_send), read by a C receiver doing blocking ReadFile
 * (bench_recv) and by Slotpipe's watcher (I/O worker thread → batches → TrafficLog), alternately.
 * Rates are taken at the receiver, from the first message read to the last one counted (logged).
 */
import { alternate, fixed, median, ratioRow, ratioText, roundSpread, type BenchRow } from '../results';
import { wineserverCpuMs } from '../wineserver-cpu';
import { benchMailslot, benchPipe, driverResult, parseDone, runSender, startDriver, startReceiver } from '../win32-programs';

interface Ingest {
  messages: number;
  bytes: number;
  ms: number;
  lost: number;
  /** CPU of the receiving process (all its threads) from ready to done. */
  cpuMs: number;
  /** CPU of the wineserver meanwhile (sender and receiver requests alike). */
  serverMs?: number;
}

interface Shape {
  kind: 'mailslot' | 'pipe' | 'pipe-byte';
  count: number;
  size: number;
  clients: number;
}

/** `keep`: the C receiver keeps every byte it reads in fresh memory, as Slotpipe's log does. */
async function baseline(shape: Shape, keep = false): Promise<Ingest> {
  const name = shape.kind === 'mailslot' ? benchMailslot('ingest') : benchPipe('ingest');
  const total = shape.count * shape.size;
  const receiver = await startReceiver(['--mode', shape.kind, '--name', name, '--clients', String(shape.clients),
    ...(shape.kind === 'pipe-byte' ? ['--bytes', String(total)] : ['--count', String(shape.count)]), ...(keep ? ['--keep'] : [])]);
  const server = wineserverCpuMs();
  await runSender(senderArgs(shape, name));
  const done = parseDone(await receiver.line('DONE', 300_000));
  const serverMs = server === undefined ? undefined : wineserverCpuMs()! - server;
  await receiver.exited;
  return { messages: done.messages, bytes: done.bytes, ms: done.ns / 1e6, lost: shape.kind === 'pipe-byte' ? total - done.bytes : shape.count - done.messages, cpuMs: done.cpuNs / 1e6, serverMs };
}

async function slotpipe(shape: Shape): Promise<Ingest> {
  const name = shape.kind === 'mailslot' ? benchMailslot('ingest') : benchPipe('ingest');
  const total = shape.count * shape.size;
  const driver = await startDriver('ingest', shape.kind === 'pipe-byte'
    ? { endpoint: name, bytes: total, pipeMode: 'byte' }
    : { endpoint: name, count: shape.count, pipeMode: 'message' });
  const server = wineserverCpuMs();
  await runSender(senderArgs(shape, name));
  const r = await driverResult<{ messages: number; bytes: number; elapsedMs: number; cpuMs: number; logged: number; dropped: number }>(driver);
  const serverMs = server === undefined ? undefined : wineserverCpuMs()! - server;
  await driver.exited;
  return { messages: r.logged, bytes: r.bytes, ms: r.elapsedMs, lost: shape.kind === 'pipe-byte' ? total - r.bytes : shape.count - r.logged + r.dropped, cpuMs: r.cpuMs, serverMs };
}

function senderArgs(shape: Shape, name: string): string[] {
  return ['--mode', shape.kind === 'mailslot' ? 'mailslot' : 'pipe', '--name', name, '--count', String(shape.count),
    '--size', String(shape.size), '--clients', String(shape.clients)];
}

async function compare(shape: Shape, rounds: number) {
  const runs = await alternate(rounds, () => baseline(shape), () => slotpipe(shape));
  const rate = (r: Ingest) => (shape.kind === 'pipe-byte' ? r.bytes / 2 ** 20 : r.messages) / (r.ms / 1000);
  const unit = shape.kind === 'pipe-byte' ? 'MB' : 'msg';
  const perUnit = (r: Ingest, ms: number) => (ms * 1000) / (shape.kind === 'pipe-byte' ? r.bytes / 2 ** 20 : r.messages);
  const cost = (side: Ingest[]) => {
    const cpu = median(side.map((r) => perUnit(r, r.cpuMs)));
    const server = side.every((r) => r.serverMs !== undefined) ? median(side.map((r) => perUnit(r, r.serverMs!))) : undefined;
    return `receiver ${fixed(cpu, 2)} µs CPU/${unit}${server === undefined ? '' : `, wineserver ${fixed(server, 2)} µs/${unit}`}`;
  };
  // A byte pipe's C reader reads into one hot buffer; Slotpipe keeps every byte, so fresh memory is part of its cost.
  // The same C reader keeping every byte (a fresh allocation per read) shows how much of the gap that is.
  let keeping = '';
  if (shape.kind === 'pipe-byte') {
    const kept = await alternate(rounds, () => baseline(shape, true), () => slotpipe(shape));
    const [c, ours] = [median(kept.baseline.map(rate)), median(kept.slotpipe.map(rate))];
    keeping = ` Against the C reader keeping every byte in fresh memory (bench_recv --keep), in ${rounds} more alternating rounds: C ${fixed(c, 0)} MB/s, Slotpipe ${fixed(ours, 0)} MB/s, ${ratioText(ours / c)}; C ${cost(kept.baseline)}.`;
  }
  return {
    cost: `${roundSpread(runs.baseline.map(rate), runs.slotpipe.map(rate))} CPU, median of ${rounds}: C ${cost(runs.baseline)}; Slotpipe ${cost(runs.slotpipe)}.${keeping}`.trim(),
    baseline: median(runs.baseline.map(rate)),
    slotpipe: median(runs.slotpipe.map(rate)),
    lost: Math.max(...runs.slotpipe.map((r) => r.lost)),
    baselineLost: Math.max(...runs.baseline.map((r) => r.lost)),
  };
}

export interface IngestScale {
  messages: number;
  byteTotal: number;
  rounds: number;
}

export async function win32Ingest(scale: IngestScale, why: Record<string, string>): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const n = scale.messages;
  const lostText = (lost: number) => (lost ? `${lost} LOST` : 'none lost');
  const cases: [string, Shape, number, string, string][] = [
    ['1 Mailslot ingest', { kind: 'mailslot', count: n, size: 100, clients: 1 }, 0.9, 'msg/s', why.mailslot ?? ''],
    ['2 Message-pipe ingest, 1 client', { kind: 'pipe', count: n, size: 100, clients: 1 }, 0.9, 'msg/s', why.pipe ?? ''],
    ['2 Message-pipe ingest, 16 clients', { kind: 'pipe', count: n - (n % 16), size: 100, clients: 16 }, 0.9, 'msg/s', why.pipe16 ?? ''],
    ['3 Byte-pipe bulk, 64 KB writes', { kind: 'pipe-byte', count: scale.byteTotal / 65536, size: 65536, clients: 1 }, 0.8, 'MB/s', why.bytePipe ?? ''],
  ];
  for (const [title, shape, min, unit, note] of cases) {
    const r = await compare(shape, scale.rounds);
    const amount = shape.kind === 'pipe-byte' ? `${scale.byteTotal / 2 ** 20} MB` : `${shape.count.toLocaleString('en-US')} × ${shape.size} B`;
    rows.push(ratioRow(`${title}, ${amount} (Win32)`, r.baseline, r.slotpipe, unit, min,
      { baseline: `C blocking ReadFile, ${lostText(r.baselineLost)}`, slotpipe: `into the TrafficLog, ${lostText(r.lost)}` }, `${note} ${r.cost}`.trim()));
    if (r.lost) rows[rows.length - 1].met = 'no';
  }
  return rows;
}
