/**
 * Live intercept, Win32: one thread-per-client echo server (test/win32/peers/echo_server.c), answered
 * directly and then through `slotpipe intercept` (the CLI, printing every message to a file), by the same
 * echo_client in lockstep (write, read the whole reply), which times each round trip with
 * QueryPerformanceCounter. Throughput: round trips per second; added latency: the intercepted round
 * trip's p50/p99 minus the direct one's (a round trip is two relayed messages).
 */
import path from 'node:path';
import { fixed, int, ratioRow, type BenchRow } from '../results';
import { startPeer, startWinNode, type Program } from '../processes';
import { benchPipe } from '../win32-programs';

const SIZE = 64;

interface Timing {
  /** Whose instance served the client (GetNamedPipeServerProcessId). */
  servedBy: number;
  p50: number;
  p99: number;
  perSecond: number;
}

async function clientRun(name: string, count: number): Promise<Timing> {
  const client = await startPeer('echo_client', ['--name', name, '--count', String(count), '--size', String(SIZE), '--timing']);
  const servedBy = Number((await client.line('CONNECTED', 60_000)).split(' ')[1]);
  const [, p50, p99, elapsed] = (await client.line('TIMING', 300_000)).split(' ').map(Number);
  const done = await client.line('DONE', 10_000);
  if (done !== `DONE ${count} ${count}`) throw new Error(`echo_client: ${done} (a reply was not intact)`);
  await client.exited;
  return { servedBy, p50, p99, perSecond: count / (elapsed / 1e9) };
}

/** Starts the intercept and waits until a client reaches it rather than the server itself. */
async function intercepting(name: string, serverPid: number): Promise<Program> {
  const intercept = await startWinNode([path.join('dist', 'cli.js'), 'intercept', name]);
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await clientRun(name, 1)).servedBy !== serverPid) return intercept;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`slotpipe intercept ${name} did not start: ${intercept.stdout()}`);
}

export async function win32Intercept(count: number): Promise<BenchRow[]> {
  const name = benchPipe('intercept');
  const server = await startPeer('echo_server', ['--name', name]);
  await server.line('READY', 60_000);
  await clientRun(name, 100); // warm-up
  const direct = await clientRun(name, count);
  const intercept = await intercepting(name, direct.servedBy);
  const through = await clientRun(name, count);
  await intercept.kill();
  await server.kill();
  const ms = (ns: number) => `${fixed(ns / 1e6, 3)} ms`;
  const added = { p50: through.p50 - direct.p50, p99: through.p99 - direct.p99 };
  const what = `${int(count)} × ${SIZE} B round trips, one client in lockstep (Win32)`;
  return [
    ratioRow('intercept-throughput', `11 Live intercept throughput, ${what}`, direct.perSecond, through.perSecond, 'round trips/s', 0.8,
      { baseline: 'the same client and server, direct', slotpipe: 'through slotpipe intercept' }),
    {
      id: 'intercept-latency',
      name: `11 Live intercept added latency, ${what}`,
      baseline: `p50 ${ms(direct.p50)}, p99 ${ms(direct.p99)} (direct)`,
      slotpipe: `p50 ${ms(through.p50)}, p99 ${ms(through.p99)} (through slotpipe intercept)`,
      ratio: `+${ms(added.p50)} p50, +${ms(added.p99)} p99 per round trip`,
      target: 'added p99 ≤ 1 ms',
      met: added.p99 <= 1e6 ? 'yes' : 'no',
      note: 'A round trip crosses Slotpipe twice (request and reply): the added latency per relayed message is about half the figure. Under Wine each relayed message adds wineserver round trips on both handles.',
      figures: {
        baseline: { value: direct.p99 / 1e6, unit: 'ms p99' },
        slotpipe: { value: through.p99 / 1e6, unit: 'ms p99' },
        target: { of: 'slotpipe', at: 'most', value: direct.p99 / 1e6 + 1, unit: 'ms p99' },
      },
    },
  ];
}
