/** Writes docs/benchmarks.md (the table of one `npm run bench`, the machine, the command, and notes) and docs/benchmarks.json (the rows as numbers). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchRow } from './results';

export interface RunInfo {
  command: string;
  startedAt: Date;
  seconds: number;
  scale: string;
  loadBefore: number[];
  loadAfter: number[];
  failures: string[];
}

function versionOf(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n')[0];
  } catch {
    return 'not available';
  }
}

export function machine(): string {
  const cpus = os.cpus();
  return [
    `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM`,
    `${os.type()} ${os.release()}; Node ${process.version} (Linux side); Wine ${versionOf('/usr/lib/wine/wine64', ['--version'])}; ${versionOf('/usr/bin/chromium', ['--version'])}`,
  ].join('; ');
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function writeReport(file: string, rows: BenchRow[], info: RunInfo, notes: string): void {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  const lines = [
    '# Slotpipe benchmarks',
    '',
    'Written by `npm run bench` (test/bench/run.mjs); every figure below comes from the run described here.',
    'Each case runs Slotpipe and its baseline side by side in the same run (alternating where they repeat).',
    'Ratios are Slotpipe ÷ baseline for the same messages; "met?" compares with the target of the issue as',
    'it stands, and a miss carries the reason found.',
    '',
    `- **Command:** \`${info.command}\``,
    `- **Machine:** ${machine()}`,
    `- **Run:** ${info.startedAt.toISOString()}, ${Math.round(info.seconds)} s; load average (1/5/15 min) ${load(info.loadBefore)} before, ${load(info.loadAfter)} after`,
    `- **Scale:** ${info.scale}`,
    '',
    '| Case | Baseline | Slotpipe | Ratio | Target | Met? | Notes |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${cell(r.name)} (\`${r.id}\`) | ${cell(r.baseline)} | ${cell(r.slotpipe)} | ${cell(r.ratio)} | ${cell(r.target)} | ${r.met === 'no' ? '**no**' : r.met} | ${cell(r.note)} |`),
    '',
    ...(info.failures.length ? ['## Cases that could not run', '', ...info.failures.map((f) => `- ${f}`), ''] : []),
    notes.trim(),
    '',
  ];
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.join('\n'));
  writeJson(file.replace(/\.md$/, '.json'), rows, info);
}

/** One object per row, so a reader can check the table without parsing its prose. */
function writeJson(file: string, rows: BenchRow[], info: RunInfo): void {
  const json = {
    command: info.command,
    startedAt: info.startedAt.toISOString(),
    seconds: Math.round(info.seconds),
    machine: machine(),
    loadBefore: info.loadBefore,
    loadAfter: info.loadAfter,
    failures: info.failures,
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      baseline: r.figures.baseline ?? null,
      slotpipe: r.figures.slotpipe ?? null,
      ratio: r.figures.ratio ?? null,
      target: r.figures.target ?? null,
      met: r.met,
      text: { baseline: r.baseline, slotpipe: r.slotpipe, ratio: r.ratio, target: r.target },
    })),
  };
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
}
