/**
 * Messages per second over the last minute, for the panel's chart. Counted as messages are logged
 * (cheap: one increment each), so the chart is right even for seconds when the panel was hidden.
 */
import { RATE_SECONDS } from '../../core/panel-protocol';

export class RateHistory {
  private readonly counts = new Array<number>(RATE_SECONDS).fill(0);
  /** The second (ms since epoch / 1000, floored) that `counts[newest]` holds. */
  private newestSecond = 0;
  private newest = 0;

  /** Counts one message logged at `timeMs`; messages older than the window are ignored. */
  add(timeMs: number, messages = 1): void {
    const second = Math.floor(timeMs / 1000);
    this.advanceTo(second);
    const age = this.newestSecond - second;
    if (age >= RATE_SECONDS) return;
    this.counts[(this.newest - age + RATE_SECONDS) % RATE_SECONDS] += messages;
  }

  /** Counts a batch the log appended. */
  addBatch(batch: readonly { time: number }[]): void {
    for (const message of batch) this.add(message.time);
  }

  /** The last RATE_SECONDS seconds up to `nowMs`, oldest first. */
  series(nowMs: number): number[] {
    this.advanceTo(Math.floor(nowMs / 1000));
    const out: number[] = [];
    for (let i = 1; i <= RATE_SECONDS; i++) out.push(this.counts[(this.newest + i) % RATE_SECONDS]);
    return out;
  }

  private advanceTo(second: number): void {
    if (second <= this.newestSecond) return;
    const steps = Math.min(second - this.newestSecond, RATE_SECONDS);
    for (let i = 0; i < steps; i++) {
      this.newest = (this.newest + 1) % RATE_SECONDS;
      this.counts[this.newest] = 0;
    }
    this.newestSecond = second;
  }
}
