/**
 * Case 4: `slotpipe send --count N` (the command line in Windows Node.js) against the C sender
 * (bench_send), both writing to the same C receiver (bench_recv); the rate is taken at the receiver.
 */
import path from 'node:path';
import { buildBenchDriver } from '../build-win32-driver.mjs';
import { repoRoot, startWinNode } from '../processes';
import { alternate, median, ratioRow, roundSpread, type BenchRow } from '../results';
import { benchMailslot, benchPipe, parseDone, runSender, startReceiver, type Done } from '../win32-programs';

const TEXT = 'x'.repeat(100);

async function receive(kind: 'mailslot' | 'pipe', count: number, send: (name: string) => Promise<void>): Promise<Done> {
  const name = kind === 'mailslot' ? benchMailslot('send') : benchPipe('send');
  const receiver = await startReceiver(['--mode', kind, '--name', name, '--count', String(count)]);
  await send(name);
  const done = parseDone(await receiver.line('DONE', 300_000));
  await receiver.exited;
  return done;
}

export async function win32Send(count: number, rounds: number, why: Record<string, string>, want: (id: string) => boolean = () => true): Promise<BenchRow[]> {
  const cli = path.relative(repoRoot, path.join(path.dirname(await buildBenchDriver()), 'cli.js'));
  const rows: BenchRow[] = [];
  for (const kind of ['mailslot', 'pipe'] as const) {
    if (!want(`send-${kind}`)) continue;
    const runs = await alternate(rounds,
      () => receive(kind, count, async (name) => void (await runSender(['--mode', kind, '--name', name, '--count', String(count), '--size', '100']))),
      () => receive(kind, count, async (name) => {
        const program = await startWinNode([cli, 'send', name, TEXT, '--count', String(count), '--linger', '0']);
        const code = await program.exited;
        if (code !== 0) throw new Error(`slotpipe send exited with ${code}: ${program.stdout()}`);
      }));
    const rate = (d: Done) => d.messages / (d.ns / 1e9);
    rows.push(ratioRow(`send-${kind}`, `4 Send rate, ${kind}, ${count.toLocaleString('en-US')} × 100 B (Win32)`, median(runs.baseline.map(rate)), median(runs.slotpipe.map(rate)), 'msg/s', 0.9,
      { baseline: 'C WriteFile loop', slotpipe: '`slotpipe send --count`' }, `${why[kind] ?? ''} ${roundSpread(runs.baseline.map(rate), runs.slotpipe.map(rate))}`.trim()));
  }
  return rows;
}
