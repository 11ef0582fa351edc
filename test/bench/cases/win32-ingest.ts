/**
 * Cases 1-3: messages written by a C sender (bench_send), read by a C receiver doing blocking ReadFile
 * (bench_recv) and by Slotpipe's watcher (I/O worker thread → batches → TrafficLog), alternately.
 * Rates are taken at the receiver, from the first message counted to the last one (logged).
 * Mailslot rounds also run the C receiver reading on a second thread while its main thread waits
 * (Slotpipe's shape), with sender, receiver and wineserver placed on the same CPUs for every side.
 * Every receiver first takes a warm-up it does not count (WARM_UP in ../results.ts).
 */
import os from 'node:os';
import type { Program, StartOptions } from '../processes';
import { WARM_UP, fixed, int, median, medianRoundRatio, ratioRow, ratioText, reportedRow, roundSpread, type BenchRow } from '../results';
import { placeWineserver, wineserverCpuMs } from '../wineserver-cpu';
import { BYTE_PIPE_BUFFER } from '../../../extension/win32/worker-protocol';
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

/** Where each program runs (taskset CPU lists). */
interface Placement {
  receiver: StartOptions;
  sender: StartOptions;
  text: string;
}

/** The warm-up's messages (or bytes) and the whole amount the receiver waits for, warm-up included. */
function amounts(shape: Shape): { warmUp: number; total: number; writes: number } {
  const { bytes, messages } = WARM_UP.win32;
  return shape.kind === 'pipe-byte'
    ? { warmUp: bytes, total: bytes + shape.count * shape.size, writes: bytes / shape.size }
    : { warmUp: messages, total: messages + shape.count, writes: messages };
}

/**
 * The uncounted messages, then the pause, then the counted ones; returns the wineserver's CPU reading
 * taken as they start (undefined when it cannot be read).
 */
async function send(shape: Shape, name: string, receiver: Program, warm: string, place: Placement | undefined): Promise<number | undefined> {
  await runSender(senderArgs({ ...shape, count: amounts(shape).writes }, name), place?.sender);
  await receiver.line(warm, 120_000);
  await new Promise((resolve) => setTimeout(resolve, WARM_UP.win32.pauseMs));
  const server = wineserverCpuMs();
  await runSender(senderArgs(shape, name), place?.sender);
  return server;
}

/**
 * `keep`: the C receiver keeps every byte it reads in fresh memory, as Slotpipe's log does. `thread`: it
 * reads on a second thread. `readSize`: a pipe's bytes per read and buffer quota (64 KB when not given).
 */
async function baseline(shape: Shape, place: Placement | undefined, variant: { keep?: boolean; thread?: boolean; readSize?: number } = {}): Promise<Ingest> {
  const name = shape.kind === 'mailslot' ? benchMailslot('ingest') : benchPipe('ingest');
  const total = shape.count * shape.size;
  const { warmUp, total: all } = amounts(shape);
  const receiver = await startReceiver(['--mode', shape.kind, '--name', name, '--clients', String(shape.clients),
    ...(shape.kind === 'pipe-byte' ? ['--bytes', String(all)] : ['--count', String(all)]), '--warmup', String(warmUp),
    ...(variant.keep ? ['--keep'] : []), ...(variant.thread ? ['--thread'] : []), ...(variant.readSize ? ['--read-size', String(variant.readSize)] : [])], place?.receiver);
  const server = await send(shape, name, receiver, 'WARM', place);
  const done = parseDone(await receiver.line('DONE', 300_000));
  const serverMs = server === undefined ? undefined : wineserverCpuMs()! - server;
  await receiver.exited;
  return { messages: done.messages, bytes: done.bytes, ms: done.ns / 1e6, lost: shape.kind === 'pipe-byte' ? total - done.bytes : shape.count - done.messages, cpuMs: done.cpuNs / 1e6, serverMs };
}

async function slotpipe(shape: Shape, place: Placement | undefined): Promise<Ingest> {
  const name = shape.kind === 'mailslot' ? benchMailslot('ingest') : benchPipe('ingest');
  const total = shape.count * shape.size;
  const { warmUp, total: all } = amounts(shape);
  const driver = await startDriver('ingest', shape.kind === 'pipe-byte'
    ? { endpoint: name, bytes: all, pipeMode: 'byte', warmUp }
    : { endpoint: name, count: all, pipeMode: 'message', warmUp }, [], place?.receiver);
  const server = await send(shape, name, driver, '{"warm"', place);
  const r = await driverResult<{ messages: number; bytes: number; elapsedMs: number; cpuMs: number; logged: number; dropped: number }>(driver);
  const serverMs = server === undefined ? undefined : wineserverCpuMs()! - server;
  await driver.exited;
  return { messages: r.logged, bytes: r.bytes, ms: r.elapsedMs, lost: shape.kind === 'pipe-byte' ? total - r.bytes : shape.count - r.logged + r.dropped, cpuMs: r.cpuMs, serverMs };
}

function senderArgs(shape: Shape, name: string): string[] {
  return ['--mode', shape.kind === 'mailslot' ? 'mailslot' : 'pipe', '--name', name, '--count', String(shape.count),
    '--size', String(shape.size), '--clients', String(shape.clients)];
}

const unitOf = (shape: Shape) => (shape.kind === 'pipe-byte' ? 'MB' : 'msg');
const amountOf = (shape: Shape, r: Ingest) => (shape.kind === 'pipe-byte' ? r.bytes / 2 ** 20 : r.messages);
const rateOf = (shape: Shape) => (r: Ingest) => amountOf(shape, r) / (r.ms / 1000);

/** Receiver (and wineserver) CPU per message or MB, medians of the rounds. */
function cost(shape: Shape, side: Ingest[]): string {
  const perUnit = (r: Ingest, ms: number) => (ms * 1000) / amountOf(shape, r);
  const cpu = median(side.map((r) => perUnit(r, r.cpuMs)));
  const server = side.every((r) => r.serverMs !== undefined) ? median(side.map((r) => perUnit(r, r.serverMs!))) : undefined;
  return `receiver ${fixed(cpu, 2)} µs CPU/${unitOf(shape)}${server === undefined ? '' : `, wineserver ${fixed(server, 2)} µs/${unitOf(shape)}`}`;
}

/** Runs the sides in turn, `rounds` times, so machine noise hits them alike. */
async function rounds<K extends string>(count: number, sides: Record<K, () => Promise<Ingest>>): Promise<Record<K, Ingest[]>> {
  const out = Object.fromEntries(Object.keys(sides).map((k) => [k, [] as Ingest[]])) as Record<K, Ingest[]>;
  for (let i = 0; i < count; i++) for (const k of Object.keys(sides) as K[]) out[k].push(await sides[k]());
  return out;
}

/**
 * Sender, receiver and wineserver all on the last CPU, for every side: the rate is then set by the CPU a
 * message costs the three of them, not by where the scheduler happens to put each (which gave the C
 * reader two speeds, ~70,000 or ~157,000 msg/s, switching when the wineserver moved). None off Linux.
 */
function placement(): { place?: Placement; restore(): void } {
  const cpu = String(os.cpus().length - 1);
  const restore = process.platform === 'linux' ? placeWineserver(cpu) : undefined;
  if (!restore) return { restore() {} };
  return { place: { receiver: { cpus: cpu }, sender: { cpus: cpu }, text: `sender, receiver and wineserver all on CPU ${cpu} (taskset), for every side` }, restore };
}

export interface IngestScale {
  messages: number;
  byteTotal: number;
  rounds: number;
}

export async function win32Ingest(scale: IngestScale, why: Record<string, string>, want: (id: string) => boolean = () => true): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const n = scale.messages;
  const lostText = (lost: number) => (lost ? `${lost} LOST` : 'none lost');
  const maxLost = (side: Ingest[]) => Math.max(...side.map((r) => r.lost));
  const spread = (shape: Shape, b: Ingest[], s: Ingest[]) => roundSpread(b.map(rateOf(shape)), s.map(rateOf(shape)));

  if (want('mailslot-ingest') || want('mailslot-ingest-thread')) {
    const shape: Shape = { kind: 'mailslot', count: n, size: 100, clients: 1 };
    const { place, restore } = placement();
    try {
      const runs = await rounds(scale.rounds, { c: () => baseline(shape, place), thread: () => baseline(shape, place, { thread: true }), ours: () => slotpipe(shape, place) });
      const rate = rateOf(shape);
      const [c, thread, ours] = [median(runs.c.map(rate)), median(runs.thread.map(rate)), median(runs.ours.map(rate))];
      const cpu = `CPU, median of ${scale.rounds}: C ${cost(shape, runs.c)}; C on a second thread ${cost(shape, runs.thread)}; Slotpipe ${cost(shape, runs.ours)}.`;
      const where = place ? `Placement: ${place.text}.` : 'Not placed on CPUs (needs Linux and taskset).';
      const title = `${int(n)} × 100 B (Win32)`;
      rows.push(ratioRow('mailslot-ingest', `1 Mailslot ingest, ${title}`, c, ours, 'msg/s', 0.9,
        { baseline: `C blocking ReadFile, ${lostText(maxLost(runs.c))}`, slotpipe: `into the TrafficLog, ${lostText(maxLost(runs.ours))}`, judged: medianRoundRatio(runs.c.map(rate), runs.ours.map(rate)) },
        `${why.mailslot ?? ''} ${spread(shape, runs.c, runs.ours)} ${cpu} ${where}`.trim()));
      if (maxLost(runs.ours)) rows[rows.length - 1].met = 'no';
      rows.push(reportedRow(ratioRow('mailslot-ingest-thread', `1 Mailslot ingest against a C reader on a second thread, ${title}`, thread, ours, 'msg/s', 0,
        { baseline: `C blocking ReadFile on a second thread, main thread waiting, ${lostText(maxLost(runs.thread))}`, slotpipe: 'into the TrafficLog', judged: medianRoundRatio(runs.thread.map(rate), runs.ours.map(rate)) },
        `${why.mailslotThread ?? ''} Single-threaded C reader ÷ threaded one: ${ratioText(c / thread)}. ${spread(shape, runs.thread, runs.ours)} ${where}`.trim()),
        'reported (Wine\'s cost of a reading second thread, apart from Slotpipe\'s own)'));
    } finally {
      restore();
    }
  }

  const pipes: [string, string, Shape, string][] = [
    ['message-pipe-ingest', '2 Message-pipe ingest, 1 client', { kind: 'pipe', count: n, size: 100, clients: 1 }, why.pipe ?? ''],
    ['message-pipe-16-clients', '2 Message-pipe ingest, 16 clients', { kind: 'pipe', count: n - (n % 16), size: 100, clients: 16 }, why.pipe16 ?? ''],
  ];
  for (const [id, title, shape, note] of pipes) {
    if (!want(id)) continue;
    const runs = await rounds(scale.rounds, { c: () => baseline(shape, undefined), ours: () => slotpipe(shape, undefined) });
    const rate = rateOf(shape);
    rows.push(ratioRow(id, `${title}, ${int(shape.count)} × ${shape.size} B (Win32)`, median(runs.c.map(rate)), median(runs.ours.map(rate)), 'msg/s', 0.9,
      { baseline: `C blocking ReadFile, ${lostText(maxLost(runs.c))}`, slotpipe: `into the TrafficLog, ${lostText(maxLost(runs.ours))}` },
      `${note} ${spread(shape, runs.c, runs.ours)} CPU, median of ${scale.rounds}: C ${cost(shape, runs.c)}; Slotpipe ${cost(shape, runs.ours)}.`.trim()));
    if (maxLost(runs.ours)) rows[rows.length - 1].met = 'no';
  }

  if (want('byte-pipe-keep') || want('byte-pipe-hot') || want('byte-pipe-keep-same-reads')) {
    // The monitor keeps every byte, so its baseline is the C reader keeping every byte in fresh memory;
    // the C reader reading into one hot buffer is the physical limit, reported; the keeping C reader with
    // Slotpipe's read size and pipe quota shows what of the ratio is the read size, reported.
    const shape: Shape = { kind: 'pipe-byte', count: scale.byteTotal / 65536, size: 65536, clients: 1 };
    const runs = await rounds(scale.rounds, {
      keep: () => baseline(shape, undefined, { keep: true }),
      ours: () => slotpipe(shape, undefined),
      ...(want('byte-pipe-keep-same-reads') ? { same: () => baseline(shape, undefined, { keep: true, readSize: BYTE_PIPE_BUFFER }) } : {}),
      ...(want('byte-pipe-hot') ? { hot: () => baseline(shape, undefined) } : {}),
    } as Record<'keep' | 'ours' | 'same' | 'hot', () => Promise<Ingest>>);
    const rate = rateOf(shape);
    const title = `3 Byte-pipe bulk, 64 KB writes, ${scale.byteTotal / 2 ** 20} MB (Win32)`;
    rows.push(ratioRow('byte-pipe-keep', title, median(runs.keep.map(rate)), median(runs.ours.map(rate)), 'MB/s', 0.9,
      { baseline: `C blocking ReadFile keeping every byte in fresh memory (bench_recv --keep, 64 KB reads), ${lostText(maxLost(runs.keep))}`, slotpipe: `into the TrafficLog, ${lostText(maxLost(runs.ours))}` },
      `${why.bytePipe ?? ''} ${spread(shape, runs.keep, runs.ours)} CPU, median of ${scale.rounds}: C keeping ${cost(shape, runs.keep)}; Slotpipe ${cost(shape, runs.ours)}.`.trim()));
    if (maxLost(runs.ours)) rows[rows.length - 1].met = 'no';
    const reported = (id: string, name: string, side: Ingest[], baselineText: string, note: string, target: string) => rows.push(reportedRow(
      ratioRow(id, `${title}, ${name}`, median(side.map(rate)), median(runs.ours.map(rate)), 'MB/s', 0,
        { baseline: `${baselineText}, ${lostText(maxLost(side))}`, slotpipe: 'into the TrafficLog' },
        `${note} ${spread(shape, side, runs.ours)} CPU, median of ${scale.rounds}: ${cost(shape, side)}.`.trim()),
      target));
    if (runs.same?.length) reported('byte-pipe-keep-same-reads', `against the keeping C reader with Slotpipe's read size (${BYTE_PIPE_BUFFER / 1024} KB)`, runs.same,
      `C blocking ReadFile keeping every byte in fresh memory, ${BYTE_PIPE_BUFFER / 1024} KB reads and pipe buffer (bench_recv --keep --read-size ${BYTE_PIPE_BUFFER})`, why.bytePipeSame ?? '',
      'reported (what of the ratio is the read size, not a target)');
    if (runs.hot?.length) reported('byte-pipe-hot', 'against the hot-buffer reader', runs.hot, 'C blocking ReadFile into one hot buffer, keeping nothing', why.bytePipeHot ?? '',
      'reported (the physical limit, not a target)');
  }
  return rows;
}
