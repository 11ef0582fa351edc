import type { RawMessage, TrafficMessage } from './message';

export interface WatcherCounters {
  messages: number;
  bytes: number;
  /** Messages of this watcher pushed out of the ring by newer ones. */
  dropped: number;
  lastTime: number;
}

export interface LogStats {
  /** Messages currently held. */
  count: number;
  /** Seq of the newest message, 0 when nothing was ever logged. */
  lastSeq: number;
  /** Seq of the oldest message still held (lastSeq + 1 when empty). */
  firstSeq: number;
  /** Messages ever appended. */
  total: number;
  /** Messages pushed out of the ring by newer ones: they are counted, never silently gone. */
  dropped: number;
  capacity: number;
}

export type AppendListener = (batch: readonly TrafficMessage[]) => void;

/**
 * The single store of traffic: a bounded ring with a monotonically increasing seq.
 * When full, the oldest message makes room and is counted as dropped (listeners such as a
 * capture file have already seen it, so with a capture file nothing is lost).
 */
export class TrafficLog {
  private ring: (TrafficMessage | undefined)[];
  private nextSeq = 1;
  private firstSeq = 1;
  private droppedTotal = 0;
  private readonly counters = new Map<string, WatcherCounters>();
  private readonly listeners = new Set<AppendListener>();

  constructor(private cap: number) {
    if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`log capacity must be a positive integer, got ${cap}`);
    this.ring = new Array(cap);
  }

  get capacity(): number {
    return this.cap;
  }

  /** Appends a batch from one watcher and returns the logged messages. */
  append(watcherId: string, endpoint: string, batch: readonly RawMessage[]): TrafficMessage[] {
    const logged: TrafficMessage[] = [];
    const counters = this.countersFor(watcherId);
    for (const raw of batch) {
      const message: TrafficMessage = { ...raw, flags: raw.flags ?? 0, seq: this.nextSeq, watcherId, endpoint };
      if (this.nextSeq - this.firstSeq >= this.cap) this.dropOldest();
      this.ring[message.seq % this.cap] = message;
      this.nextSeq++;
      counters.messages++;
      counters.bytes += raw.bytes.length;
      counters.lastTime = raw.time;
      logged.push(message);
    }
    if (logged.length) for (const listener of this.listeners) listener(logged);
    return logged;
  }

  /** The message with this seq, if it is still held. */
  get(seq: number): TrafficMessage | undefined {
    if (seq < this.firstSeq || seq >= this.nextSeq) return undefined;
    return this.ring[seq % this.cap];
  }

  /** Up to `count` held messages starting at `fromSeq` (clamped to what is held). */
  range(fromSeq: number, count: number): TrafficMessage[] {
    const start = Math.max(fromSeq, this.firstSeq);
    const end = Math.min(start + Math.max(0, count), this.nextSeq);
    const out: TrafficMessage[] = [];
    for (let seq = start; seq < end; seq++) out.push(this.ring[seq % this.cap]!);
    return out;
  }

  stats(): LogStats {
    return {
      count: this.nextSeq - this.firstSeq,
      lastSeq: this.nextSeq - 1,
      firstSeq: this.firstSeq,
      total: this.nextSeq - 1,
      dropped: this.droppedTotal,
      capacity: this.cap,
    };
  }

  watcherCounters(watcherId: string): WatcherCounters {
    return { ...this.countersFor(watcherId) };
  }

  /** Forgets every held message; seq keeps counting so views never confuse old and new rows. */
  clear(): void {
    this.ring = new Array(this.cap);
    this.firstSeq = this.nextSeq;
  }

  /** Changes the capacity, keeping the newest messages; those that no longer fit count as dropped. */
  resize(capacity: number): void {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`log capacity must be a positive integer, got ${capacity}`);
    const kept = this.range(Math.max(this.firstSeq, this.nextSeq - capacity), capacity);
    this.countDropped(this.firstSeq, kept.length ? kept[0].seq : this.nextSeq);
    this.cap = capacity;
    this.ring = new Array(capacity);
    for (const message of kept) this.ring[message.seq % capacity] = message;
    this.firstSeq = kept.length ? kept[0].seq : this.nextSeq;
  }

  onAppend(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private dropOldest(): void {
    this.countDropped(this.firstSeq, this.firstSeq + 1);
    this.firstSeq++;
  }

  private countDropped(fromSeq: number, toSeq: number): void {
    for (let seq = fromSeq; seq < toSeq; seq++) {
      const old = this.ring[seq % this.cap];
      if (old) this.countersFor(old.watcherId).dropped++;
      this.droppedTotal++;
    }
  }

  private countersFor(watcherId: string): WatcherCounters {
    let counters = this.counters.get(watcherId);
    if (!counters) {
      counters = { messages: 0, bytes: 0, dropped: 0, lastTime: 0 };
      this.counters.set(watcherId, counters);
    }
    return counters;
  }
}
