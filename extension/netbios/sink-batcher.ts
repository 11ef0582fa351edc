/**
 * Hands a backend's messages to its sink in batches: everything that arrives while the event loop is
 * busy goes out together once it turns, so a flood costs one sink call per turn, not one per message.
 * Used by the NetBIOS watcher and the Unix-socket pipes alike.
 */
import type { WatcherSink } from '../core/backend';
import type { RawMessage } from '../core/message';

export class SinkBatcher {
  private pending: RawMessage[] = [];
  private scheduled = false;

  constructor(private readonly sink: WatcherSink) {}

  push(message: RawMessage): void {
    this.pending.push(message);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
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
