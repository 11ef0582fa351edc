/**
 * Hands a backend's messages to its sink in batches: everything that arrives before the scheduled
 * delivery runs goes out together, so a flood costs one sink call per turn, not one per message.
 * Used by the Unix-socket pipes and stream clients. Pure: the backend says when the
 * delivery runs (in Node, `setImmediate`: once the I/O callbacks of this turn of the event loop are done).
 */
import type { WatcherSink } from './backend';
import type { RawMessage } from './message';

/** Runs `deliver` once, later. */
export type ScheduleDelivery = (deliver: () => void) => void;

export class SinkBatcher {
  private pending: RawMessage[] = [];
  private scheduled = false;

  constructor(
    private readonly sink: WatcherSink,
    private readonly schedule: ScheduleDelivery,
  ) {}

  push(message: RawMessage): void {
    this.pending.push(message);
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(() => this.flush());
    }
  }

  /** Delivers what is pending now (before a stop or a disconnect event, so order is kept). */
  flush(): void {
    this.scheduled = false;
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    this.sink.messages(batch);
  }
}
