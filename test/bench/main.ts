/**
 * `npm run bench`: runs every case of the performance issue with its baseline, prints the table and
 * writes docs/benchmarks.md. Exits non-zero only when a case could not run (a missed target is a
 * result, not a failure).
 *   node test/bench/run.mjs [--quick] [--only=1,5,9]
 */
import os from 'node:os';
import path from 'node:path';
import { activation } from './cases/activation';
import { idleCost } from './cases/idle';
import { memory } from './cases/memory';
import { netbios } from './cases/netbios';
import { panel } from './cases/panel';
import { panelLatency } from './cases/panel-latency';
import { panelPacing } from './cases/panel-pacing';
import { win32Ingest } from './cases/win32-ingest';
import { win32Latency } from './cases/win32-latency';
import { win32Send } from './cases/win32-send';
import { win32Intercept } from './cases/win32-intercept';
import { NOTES, WHY } from './findings';
import { killAll, repoRoot } from './processes';
import type { BenchRow } from './results';
import { writeReport } from './report';
import { errorMessage } from '../../extension/core/error-message';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',').map(Number);
const unknown = args.filter((a) => a !== '--quick' && !a.startsWith('--only='));
if (unknown.length) {
  console.error(`unknown argument ${unknown.join(' ')}; usage: npm run bench -- [--quick] [--only=1,5,9]`);
  process.exit(2);
}

/** The issue's counts, except where noted; --quick divides them for a smoke run. */
const scale = quick
  ? { messages: 5_000, byteTotal: 32 * 2 ** 20, rounds: 1, latency: 100, idleSeconds: 5, netbios: 10_000, codec: 200_000, memory: 100_000, panelRows: 100_000, pacerSeconds: 2, panelLatency: 100 }
  : { messages: 50_000, byteTotal: 256 * 2 ** 20, rounds: 5, latency: 500, idleSeconds: 30, netbios: 50_000, codec: 1_000_000, memory: 1_000_000, panelRows: 1_000_000, pacerSeconds: 5, panelLatency: 500 };

const cases: [number[], string, () => Promise<BenchRow[]>][] = [
  [[1, 2, 3], 'Win32 ingest (mailslot, message pipe, 16 clients, byte pipe)', () => win32Ingest({ messages: scale.messages, byteTotal: scale.byteTotal, rounds: scale.rounds }, WHY.ingest)],
  [[4], 'Win32 send rate', () => win32Send(scale.messages, scale.rounds, WHY.send)],
  [[5], 'NetBIOS datagrams and codec', () => netbios(scale.netbios, 20_000, scale.rounds, scale.codec, WHY.netbios)],
  [[6], 'Latency, Win32', () => win32Latency(scale.latency, WHY.latency)],
  [[6], 'Latency to the panel', () => panelLatency(scale.panelLatency, WHY.panelLatency)],
  [[7], 'Panel: first paint and scrolling', () => panel(scale.panelRows, WHY.panel)],
  [[7], 'Panel: host → webview pacing', () => panelPacing(20_000, scale.pacerSeconds)],
  [[8], 'Idle cost', () => idleCost(scale.idleSeconds, WHY.idle)],
  [[9], 'Memory', () => memory(scale.memory, WHY.memory)],
  [[10], 'Activation and VSIX size', () => activation()],
  [[11], 'Live intercept, Win32', () => win32Intercept(quick ? 500 : 5_000)],
];

async function main(): Promise<number> {
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const rows: BenchRow[] = [];
  const failures: string[] = [];
  for (const [numbers, title, run] of cases) {
    if (only && !numbers.some((n) => only.includes(n))) continue;
    const started = Date.now();
    process.stdout.write(`${title} ... `);
    try {
      const got = await run();
      rows.push(...got);
      console.log(`${((Date.now() - started) / 1000).toFixed(0)} s`);
      for (const r of got) console.log(`  ${r.name}\n    baseline ${r.baseline}\n    slotpipe ${r.slotpipe}\n    ratio ${r.ratio}, target ${r.target}: ${r.met}`);
    } catch (err) {
      console.log('could not run');
      console.error(`  ${(err as Error).stack ?? err}`);
      failures.push(`${title}: ${errorMessage(err).split('\n')[0]}`);
    } finally {
      await killAll();
    }
  }
  const command = `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;
  const file = path.join(repoRoot, 'docs', 'benchmarks.md');
  writeReport(file, rows, {
    command, startedAt, seconds: (Date.now() - startedAt.getTime()) / 1000, loadBefore, loadAfter: os.loadavg(), failures,
    scale: quick ? 'quick smoke run (--quick: counts divided by 10 or more); not the issue\'s counts' : 'the issue\'s counts, except: Win32 latency uses 500 messages at 100/s (5 s) per endpoint kind, NetBIOS capacity is measured at 20,000 datagrams/s, pacing over 5 s; ingest, send and NetBIOS cases take the median of 5 alternating rounds',
  }, NOTES);
  console.log(`\nwrote ${path.relative(repoRoot, file)}`);
  return failures.length ? 1 : 0;
}

main().then((code) => process.exit(code), (err) => {
  console.error(err);
  process.exit(1);
});
