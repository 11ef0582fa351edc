/**
 * Messages per second per watcher over the last few seconds, sampled once a second from the
 * log's counters. The timer runs only while something is listening, and never keeps Node alive.
 */
const WINDOW_SAMPLES = 5;
const SAMPLE_MS = 1000;

interface Sample {
  time: number;
  counts: Map<string, number>;
}

export class RateMeter {
  private readonly samples: Sample[] = [];
  private readonly active = new Set<string>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly rates = new Map<string, number>();

  constructor(
    private readonly counts: () => Map<string, number>,
    private readonly changed: () => void,
  ) {}

  /** Marks a watcher as listening (sampled) or not. */
  track(id: string, listening: boolean): void {
    if (listening) this.active.add(id);
    else {
      this.active.delete(id);
      this.rates.delete(id);
    }
    if (this.active.size && !this.timer) {
      this.samples.length = 0;
      this.sample();
      this.timer = setInterval(() => this.sample(), SAMPLE_MS);
      this.timer.unref?.();
    } else if (!this.active.size && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  rate(id: string): number {
    return this.rates.get(id) ?? 0;
  }

  /** Sum over every watcher. */
  total(): number {
    let sum = 0;
    for (const value of this.rates.values()) sum += value;
    return sum;
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private sample(): void {
    const now = Date.now();
    this.samples.push({ time: now, counts: this.counts() });
    if (this.samples.length > WINDOW_SAMPLES + 1) this.samples.shift();
    const oldest = this.samples[0];
    const seconds = (now - oldest.time) / 1000;
    let moved = false;
    for (const id of this.active) {
      const before = oldest.counts.get(id) ?? 0;
      const after = this.samples[this.samples.length - 1].counts.get(id) ?? 0;
      const rate = seconds > 0 ? (after - before) / seconds : 0;
      if (rate !== (this.rates.get(id) ?? 0)) moved = true;
      this.rates.set(id, rate);
    }
    if (moved) this.changed();
  }
}
