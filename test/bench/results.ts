/** One line of the benchmark table, and the small statistics the cases share. */

export interface BenchRow {
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

/** A ratio row: met when slotpipe ÷ baseline ≥ min. */
export function ratioRow(name: string, baseline: number, slotpipe: number, unit: string, min: number, labels: { baseline: string; slotpipe?: string }, note = ''): BenchRow {
  const r = slotpipe / baseline;
  return {
    name,
    baseline: `${int(baseline)} ${unit} (${labels.baseline})`,
    slotpipe: `${int(slotpipe)} ${unit}${labels.slotpipe ? ` (${labels.slotpipe})` : ''}`,
    ratio: ratioText(r),
    target: `≥ ${min}×`,
    met: r >= min ? 'yes' : 'no',
    note,
  };
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
export async function alternate<T>(rounds: number, baseline: () => Promise<T>, slotpipe: () => Promise<T>): Promise<{ baseline: T[]; slotpipe: T[] }> {
  const out = { baseline: [] as T[], slotpipe: [] as T[] };
  for (let i = 0; i < rounds; i++) {
    out.baseline.push(await baseline());
    out.slotpipe.push(await slotpipe());
  }
  return out;
}
