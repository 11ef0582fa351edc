/**
 * Round-trip times of one connection for its p50/p99: counts in buckets 1 % wide (log scale), so a
 * connection's percentiles cost a few hundred numbers at most however many pairs it had, and adding
 * one is O(1). Up to EXACT_UP_TO pairs the percentiles are exact; past that one is the middle of its
 * bucket (within 0.5 %), kept inside the exact min and max.
 */
const SMALLEST_MS = 0.001;
const EXACT_UP_TO = 1024;
const GROWTH = Math.log(1.01);

export class RttHistogram {
  private readonly buckets = new Map<number, number>();
  private sorted: number[] | undefined;
  /** The values themselves while there are few (sorted when asked). */
  private samples: number[] | undefined = [];
  /** Quantiles asked for since the last add (views ask again and again while nothing changed). */
  private readonly answered = new Map<number, number | undefined>();
  private min = Infinity;
  private max = -Infinity;
  count = 0;

  add(ms: number): void {
    const bucket = Math.max(0, Math.floor(Math.log(Math.max(ms, SMALLEST_MS) / SMALLEST_MS) / GROWTH));
    const before = this.buckets.get(bucket);
    this.buckets.set(bucket, (before ?? 0) + 1);
    if (before === undefined) this.sorted = undefined;
    this.min = Math.min(this.min, ms);
    this.max = Math.max(this.max, ms);
    this.count++;
    this.answered.clear();
    if (this.samples && this.samples.length < EXACT_UP_TO) this.samples.push(ms);
    else this.samples = undefined;
  }

  /** The q-quantile (0 < q ≤ 1, nearest rank) in ms, or undefined without any pair. */
  quantile(q: number): number | undefined {
    if (!this.answered.has(q)) this.answered.set(q, this.compute(q));
    return this.answered.get(q);
  }

  private compute(q: number): number | undefined {
    if (this.count === 0) return undefined;
    const rank = Math.max(1, Math.ceil(q * this.count));
    if (this.samples) return this.samples.sort((a, b) => a - b)[rank - 1];
    this.sorted ??= [...this.buckets.keys()].sort((a, b) => a - b);
    let seen = 0;
    for (const bucket of this.sorted) {
      seen += this.buckets.get(bucket)!;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, SMALLEST_MS * Math.exp((bucket + 0.5) * GROWTH)));
    }
    return this.max;
  }
}
