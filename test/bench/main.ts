/**
 * `npm run bench`: runs every case of the performance issues with its baseline, prints the table and
 * writes docs/benchmarks.md and docs/benchmarks.json. Exits non-zero only when a case could not run (a
 * missed target is a result, not a failure).
 *   node test/bench/run.mjs [--quick] [--only=ID,…]     (ids as in docs/benchmarks.json; a number selects a case of the first issue)
 */
import os from 'node:os';
import path from 'node:path';
import { activation } from './cases/activation';
import { idleCost } from './cases/idle';
import { mailslotStop } from './cases/mailslot-stop';
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
const onlyArg = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',').filter(Boolean);
const unknown = args.filter((a) => a !== '--quick' && !a.startsWith('--only='));
const usage = 'usage: npm run bench -- [--quick] [--only=ID,…]';

/** The issue's counts, except where noted; --quick divides them for a smoke run. */
const scale = quick
  ? { messages: 5_000, byteTotal: 32 * 2 ** 20, rounds: 1, latency: 100, idleSeconds: 5, netbios: 10_000, codec: 200_000, memory: 100_000, panelRows: 100_000, pacerSeconds: 2, panelLatency: 100, stops: 5 }
  : { messages: 50_000, byteTotal: 256 * 2 ** 20, rounds: 5, latency: 500, idleSeconds: 30, netbios: 50_000, codec: 1_000_000, memory: 1_000_000, panelRows: 1_000_000, pacerSeconds: 5, panelLatency: 500, stops: 20 };

type Want = (id: string) => boolean;

interface Case {
  /** The first performance issue's case numbers (`--only=1,5` still selects by them). */
  issue: number;
  title: string;
  /** The rows it can write; `run` leaves out the parts no wanted row needs. */
  ids: string[];
  run(want: Want): Promise<BenchRow[]>;
}

/** One runner for the Win32 ingest shapes: the cases below share it, and it runs once for all their wanted rows. */
const ingest = (want: Want) => win32Ingest({ messages: scale.messages, byteTotal: scale.byteTotal, rounds: scale.rounds }, WHY.ingest, want);

const cases: Case[] = [
  { issue: 1, title: 'Win32 mailslot ingest', ids: ['mailslot-ingest', 'mailslot-ingest-thread'], run: ingest },
  { issue: 2, title: 'Win32 message-pipe ingest', ids: ['message-pipe-ingest', 'message-pipe-16-clients'], run: ingest },
  { issue: 3, title: 'Win32 byte-pipe bulk', ids: ['byte-pipe-keep', 'byte-pipe-keep-same-reads', 'byte-pipe-hot'], run: ingest },
  { issue: 4, title: 'Win32 send rate', ids: ['send-mailslot', 'send-pipe'], run: (want) => win32Send(scale.messages, scale.rounds, WHY.send, want) },
  { issue: 5, title: 'NetBIOS datagrams and codec', ids: ['netbios-cpu', 'netbios-burst', 'netbios-codec'], run: (want) => netbios({ count: scale.netbios, paced: 20_000, rounds: scale.rounds, codec: scale.codec }, WHY.netbios, want) },
  { issue: 6, title: 'Latency, Win32', ids: ['latency-mailslot', 'latency-pipe'], run: (want) => win32Latency(scale.latency, WHY.latency, want) },
  { issue: 6, title: 'Latency to the panel', ids: ['panel-latency-light', 'panel-latency'], run: (want) => panelLatency(scale.panelLatency, WHY.panelLatency, want) },
  { issue: 7, title: 'Panel: first paint and scrolling', ids: ['panel-first-paint', 'panel-scroll'], run: () => panel(scale.panelRows, WHY.panel) },
  { issue: 7, title: 'Panel: host → webview pacing', ids: ['panel-pacing'], run: () => panelPacing(20_000, scale.pacerSeconds) },
  { issue: 8, title: 'Idle cost and wake-ups', ids: ['idle-mailslot', 'idle-pipe', 'idle-netbios', 'mailslot-idle-wakeups'], run: () => idleCost(scale.idleSeconds, WHY.idle) },
  { issue: 8, title: 'Mailslot stop', ids: ['mailslot-stop'], run: () => mailslotStop(scale.stops, WHY.stop) },
  { issue: 9, title: 'Memory', ids: ['memory'], run: () => memory(scale.memory, WHY.memory) },
  { issue: 10, title: 'Activation and VSIX size', ids: ['activation'], run: () => activation() },
  { issue: 11, title: 'Live intercept, Win32', ids: ['intercept-throughput', 'intercept-latency'], run: () => win32Intercept(quick ? 500 : 5_000) },
];

const allIds = cases.flatMap((c) => c.ids);
const badIds = (onlyArg ?? []).filter((token) => !/^\d+$/.test(token) && !allIds.includes(token));
if (unknown.length || badIds.length) {
  console.error(`${unknown.length ? `unknown argument ${unknown.join(' ')}` : `unknown id ${badIds.join(', ')}`}; ${usage}\nids: ${allIds.join(', ')}`);
  process.exit(2);
}
const wanted = onlyArg && new Set(cases.flatMap((c) => c.ids.filter((id) => onlyArg.includes(id) || onlyArg.includes(String(c.issue)))));
const want: Want = (id) => !wanted || wanted.has(id);

async function main(): Promise<number> {
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const rows: BenchRow[] = [];
  const failures: string[] = [];
  const ran = new Set<Case['run']>();
  for (const c of cases) {
    if (!c.ids.some(want) || ran.has(c.run)) continue;
    ran.add(c.run);
    const title = cases.filter((other) => other.run === c.run && other.ids.some(want)).map((other) => other.title).join('; ');
    const started = Date.now();
    process.stdout.write(`${title} ... `);
    try {
      const got = (await c.run(want)).filter((r) => want(r.id));
      rows.push(...got);
      console.log(`${((Date.now() - started) / 1000).toFixed(0)} s`);
      for (const r of got) console.log(`  [${r.id}] ${r.name}\n    baseline ${r.baseline}\n    slotpipe ${r.slotpipe}\n    ratio ${r.ratio}, target ${r.target}: ${r.met}`);
    } catch (err) {
      console.log('could not run');
      console.error(`  ${(err as Error).stack ?? err}`);
      failures.push(`${title}: ${errorMessage(err).split('\n')[0]}`);
    } finally {
      await killAll();
    }
  }
  const order = new Map(allIds.map((id, i) => [id, i]));
  rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const command = `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;
  const file = path.join(repoRoot, 'docs', 'benchmarks.md');
  writeReport(file, rows, {
    command, startedAt, seconds: (Date.now() - startedAt.getTime()) / 1000, loadBefore, loadAfter: os.loadavg(), failures,
    scale: quick ? 'quick smoke run (--quick: counts divided by 10 or more); not the issue\'s counts' : 'the issue\'s counts, except: Win32 latency uses 500 messages at 100/s (5 s) per endpoint kind, NetBIOS capacity is measured at 20,000 datagrams/s, pacing over 5 s; ingest, send and NetBIOS cases take the median of 5 alternating rounds',
  }, NOTES);
  console.log(`\nwrote ${path.relative(repoRoot, file)} and docs/benchmarks.json`);
  return failures.length ? 1 : 0;
}

main().then((code) => process.exit(code), (err) => {
  console.error(err);
  process.exit(1);
});
