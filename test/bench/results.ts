/** One line of the benchmark table, and the small statistics the cases share. */

export interface BenchRow {
  /** Stable name of the row in docs/benchmarks.json and for `--only=` (e.g. `mailslot-ingest`). */
  id: string;
  /** Issue case number and what was measured, e.g. "1 Mailslot ingest, 50,000 × 100 B". */
  name: string;
  /** The baseline's figure, with its unit, e.g. "268,000 msg/s (C, blocking ReadFile)". */
  baseline: string;
  slotpipe: string;
  /** Slotpipe ÷ baseline, or '—' where a figure is absolute. */
  ratio: string;
  target: string;
  /** Whether the target was reached; with the reason found when not. */
  met: 'yes' | 'no' | 'n/a';
  /** Why, when missed (profile, syscall counts), and which side a Wine figure depends on. */
  note: string;
  /** The row's figures as numbers, for docs/benchmarks.json. */
  figures: Figures;
}

export interface Figure {
  value: number;
  unit: string;
}

/** What "met" checks: the ratio (unit `×`) or Slotpipe's figure, at least or at most `value`. */
export interface Target {
  of: 'ratio' | 'slotpipe';
  at: 'least' | 'most';
  value: number;
  unit: string;
}

export interface Figures {
  baseline?: Figure;
  slotpipe?: Figure;
  ratio?: number;
  target?: Target;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : NaN;
}

/** The value at fraction `p` (0..1) of the sorted values. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

export const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const fixed = (n: number, digits = 1) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const ratioText = (r: number) => `${r.toFixed(2)}×`;

/**
 * A ratio row: met when slotpipe ÷ baseline ≥ min. `judged`: the ratio to judge when it is not the
 * ratio of the two figures (the median of the rounds' own ratios).
 */
export function ratioRow(id: string, name: string, baseline: number, slotpipe: number, unit: string, min: number, labels: { baseline: string; slotpipe?: string; judged?: number }, note = ''): BenchRow {
  const r = labels.judged ?? slotpipe / baseline;
  return {
    id,
    name,
    baseline: `${int(baseline)} ${unit} (${labels.baseline})`,
    slotpipe: `${int(slotpipe)} ${unit}${labels.slotpipe ? ` (${labels.slotpipe})` : ''}`,
    ratio: labels.judged === undefined ? ratioText(r) : `${ratioText(r)} (median of the rounds' ratios)`,
    target: `≥ ${min}×`,
    met: r >= min ? 'yes' : 'no',
    note,
    figures: { baseline: { value: baseline, unit }, slotpipe: { value: slotpipe, unit }, ratio: r, target: { of: 'ratio', at: 'least', value: min, unit: '×' } },
  };
}

/** A ratio row shown for what it tells, with no target to meet: `target` says why it is there. */
export function reportedRow(row: BenchRow, target: string): BenchRow {
  return { ...row, target, met: 'n/a', figures: { ...row.figures, target: undefined } };
}

/** The median of each round's own ratio (Slotpipe ÷ baseline of the same round). */
export function medianRoundRatio(baseline: number[], slotpipe: number[]): number {
  return median(slotpipe.map((s, i) => s / baseline[i]));
}

/**
 * The ratios of each round's pair (Slotpipe ÷ baseline of the same round), lowest to highest: how much noise
 * there was; and their median, which compares runs made close together (the table's ratio compares medians).
 */
export function roundSpread(baseline: number[], slotpipe: number[]): string {
  const ratios = slotpipe.map((s, i) => s / baseline[i]).sort((a, b) => a - b);
  return ratios.length > 1 ? `Rounds ranged ${ratios[0].toFixed(2)}-${ratios[ratios.length - 1].toFixed(2)}× (median of the rounds' own ratios ${ratioText(median(ratios))}).` : '';
}

/** Runs the pair `rounds` times, alternating, so machine noise hits both sides alike. */
/**
 * Ingest rounds (Win32) and the NetBIOS rounds count from after a warm-up that every side takes alike
 * from a sender of its own, then a pause: by then Slotpipe's hot code is compiled by V8's optimizing
 * compiler, a one-time cost of a fresh process (~100-200 ms of CPU here) that the C readers and the bare
 * counting socket hardly have, so the figures are what each further message costs (docs/benchmarks.md).
 */
export const WARM_UP = {
  /** Win32 ingest: messages, or bytes of a byte pipe (bench_recv --warmup, the driver's warmUp). */
  win32: { messages: 20_000, bytes: 64 * 2 ** 20, pauseMs: 1000 },
  /** NetBIOS: datagrams (at the CPU case's pace, also before a burst), then the pause. */
  netbios: { datagrams: 10_000, pauseMs: 500 },
};

export async function alternate<T>(rounds: number, baseline: () => Promise<T>, slotpipe: () => Promise<T>): Promise<{ baseline: T[]; slotpipe: T[] }> {
  const out = { baseline: [] as T[], slotpipe: [] as T[] };
  for (let i = 0; i < rounds; i++) {
    out.baseline.push(await baseline());
    out.slotpipe.push(await slotpipe());
  }
  return out;
}
