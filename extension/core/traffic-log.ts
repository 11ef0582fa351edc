import { ByteArena } from './byte-arena';
import type { Direction, Peer, RawMessage, TrafficMessage } from './message';

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
  /** Bytes held (messages and their wire copies). */
  bytes: number;
  maxBytes: number;
}

export type AppendListener = (batch: readonly TrafficMessage[]) => void;

const OUT = 0x80;
const NONE = -1;
/** Unshared bytes from this size on are kept as they came; smaller ones are packed (an ArrayBuffer each would cost more). */
const ADOPT_FROM = 16 * 1024;

/** One slot per held message, column by column, so a million messages cost little beyond their bytes. */
class Columns {
  readonly time: Float64Array;
  readonly length: Uint32Array;
  readonly chunk: Uint32Array;
  readonly offset: Uint32Array;
  readonly wireLength: Int32Array;
  readonly wireChunk: Uint32Array;
  readonly wireOffset: Uint32Array;
  /** Bit 7: direction out; bits 0–6: MessageFlag bits. */
  readonly directionFlags: Uint8Array;
  readonly watcher: Uint32Array;
  readonly peer: Int32Array;
  /** Bytes this message counts against the log's byte limit. */
  readonly held: Uint32Array;
  constructor(capacity: number) {
    this.time = new Float64Array(capacity);
    this.length = new Uint32Array(capacity);
    this.chunk = new Uint32Array(capacity);
    this.offset = new Uint32Array(capacity);
    this.wireLength = new Int32Array(capacity);
    this.wireChunk = new Uint32Array(capacity);
    this.wireOffset = new Uint32Array(capacity);
    this.directionFlags = new Uint8Array(capacity);
    this.watcher = new Uint32Array(capacity);
    this.peer = new Int32Array(capacity);
    this.held = new Uint32Array(capacity);
  }
}

/** Equal values stored once and referred to by index (watchers, peers). */
class Interned<T> {
  private readonly index = new Map<string, number>();
  readonly values: T[] = [];
  of(key: string, value: T): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.values.push(value) - 1;
      this.index.set(key, i);
    }
    return i;
  }
}

/**
 * The single store of traffic: a bounded ring with a monotonically increasing seq, bounded in
 * messages and in bytes. When full, the oldest message makes room and is counted as dropped
 * (listeners such as a capture file have already seen it, so with a capture file nothing is lost);
 * the newest message is always kept, even one larger than the byte limit.
 * Messages are kept column by column with their bytes in a ByteArena; `get` and `range`
 * hand out TrafficMessage values whose bytes are views (no copy).
 */
export class TrafficLog {
  private columns: Columns;
  private arena = new ByteArena();
  private nextSeq = 1;
  private firstSeq = 1;
  private droppedTotal = 0;
  private heldBytes = 0;
  private readonly watchers = new Interned<{ id: string; endpoint: string; counters: WatcherCounters }>();
  private readonly peers = new Interned<Peer>();
  /** Peer objects seen before, by identity: backends hand over the same object per sender, so no key is built. */
  private readonly peerIndex = new WeakMap<Peer, number>();
  private readonly listeners = new Set<AppendListener>();

  /** @param maxBytes bytes held at most (messages and wire copies); a bulk pipe fills memory long before `cap` messages. */
  constructor(private cap: number, private maxBytes = Infinity) {
    checkCapacity(cap);
    checkMaxBytes(maxBytes);
    this.columns = new Columns(cap);
  }

  get capacity(): number {
    return this.cap;
  }

  /** Appends a batch from one watcher and returns the logged messages. */
  append(watcherId: string, endpoint: string, batch: readonly RawMessage[]): TrafficMessage[] {
    const watcher = this.watchers.of(`${watcherId}\n${endpoint}`, { id: watcherId, endpoint, counters: newCounters() });
    const counters = this.watchers.values[watcher].counters;
    const logged: TrafficMessage[] = [];
    for (const raw of batch) {
      const within = raw.wire && offsetWithin(raw.bytes, raw.wire);
      const held = within !== undefined ? raw.wire!.length : bytesHeld(raw) + (raw.wire?.length ?? 0);
      this.makeRoom(held);
      const seq = this.nextSeq++;
      this.store(seq % this.cap, raw, watcher, within, held);
      counters.messages++;
      counters.bytes += raw.bytes.length;
      counters.lastTime = raw.time;
      const message: TrafficMessage = { seq, time: raw.time, watcherId, endpoint, direction: raw.direction, bytes: raw.bytes, flags: raw.flags ?? 0 };
      if (raw.peer !== undefined) message.peer = raw.peer;
      if (raw.wire !== undefined) message.wire = raw.wire;
      logged.push(message);
    }
    if (logged.length) for (const listener of this.listeners) listener(logged);
    return logged;
  }

  /** The message with this seq, if it is still held. */
  get(seq: number): TrafficMessage | undefined {
    if (seq < this.firstSeq || seq >= this.nextSeq) return undefined;
    return this.read(seq);
  }

  /** Up to `count` held messages starting at `fromSeq` (clamped to what is held). */
  range(fromSeq: number, count: number): TrafficMessage[] {
    const start = Math.max(fromSeq, this.firstSeq);
    const end = Math.min(start + Math.max(0, count), this.nextSeq);
    const out: TrafficMessage[] = [];
    for (let seq = start; seq < end; seq++) out.push(this.read(seq));
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
      bytes: this.heldBytes,
      maxBytes: this.maxBytes,
    };
  }

  watcherCounters(watcherId: string): WatcherCounters {
    const total = newCounters();
    for (const watcher of this.watchers.values) {
      if (watcher.id !== watcherId) continue;
      total.messages += watcher.counters.messages;
      total.bytes += watcher.counters.bytes;
      total.dropped += watcher.counters.dropped;
      total.lastTime = Math.max(total.lastTime, watcher.counters.lastTime);
    }
    return total;
  }

  /** Forgets every held message; seq keeps counting so views never confuse old and new rows. */
  clear(): void {
    this.arena = new ByteArena();
    this.firstSeq = this.nextSeq;
    this.heldBytes = 0;
  }

  /** Changes the limits, keeping the newest messages; those that no longer fit count as dropped. */
  resize(capacity: number, maxBytes = this.maxBytes): void {
    checkCapacity(capacity);
    checkMaxBytes(maxBytes);
    this.maxBytes = maxBytes;
    const keepFrom = Math.max(this.firstSeq, this.nextSeq - capacity);
    while (this.firstSeq < keepFrom) this.dropOldest();
    while (this.heldBytes > maxBytes && this.nextSeq - this.firstSeq > 1) this.dropOldest();
    const kept = this.range(this.firstSeq, capacity).map((m) => {
      const slot = m.seq % this.cap;
      return { message: m, watcher: this.columns.watcher[slot], held: this.columns.held[slot] };
    });
    this.cap = capacity;
    this.columns = new Columns(capacity);
    this.arena = new ByteArena();
    this.heldBytes = 0;
    for (const { message, watcher, held } of kept) {
      this.store(message.seq % capacity, message, watcher, message.wire && offsetWithin(message.bytes, message.wire), held);
    }
  }

  onAppend(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops the oldest until one more message fits, and `incoming` more bytes (while anything is left to drop). */
  private makeRoom(incoming: number): void {
    while (this.nextSeq > this.firstSeq && (this.nextSeq - this.firstSeq >= this.cap || this.heldBytes + incoming > this.maxBytes)) this.dropOldest();
  }

  private store(slot: number, raw: RawMessage, watcher: number, within: number | undefined, held: number): void {
    const c = this.columns;
    c.held[slot] = held;
    this.heldBytes += held;
    c.wireLength[slot] = NONE;
    if (raw.wire) {
      const wire = raw.wireFrozen ? this.arena.keep(raw.wire) : this.arena.store(raw.wire);
      c.wireLength[slot] = raw.wire.length;
      c.wireChunk[slot] = wire.chunk;
      c.wireOffset[slot] = wire.offset;
    }
    if (within !== undefined) {
      // The message is a part of its datagram: stored once, found by its offset in the stored wire.
      this.arena.retain(c.wireChunk[slot]);
      c.chunk[slot] = c.wireChunk[slot];
      c.offset[slot] = c.wireOffset[slot] + within;
    } else {
      // An unshared small message stays in its buffer, shared with the messages beside it (a worker's batch).
      const where = adopted(raw) ? this.arena.adopt(raw.bytes) : raw.unshared ? this.arena.keep(raw.bytes) : this.arena.store(raw.bytes);
      c.chunk[slot] = where.chunk;
      c.offset[slot] = where.offset;
    }
    c.time[slot] = raw.time;
    c.length[slot] = raw.bytes.length;
    c.directionFlags[slot] = (raw.direction === 'out' ? OUT : 0) | ((raw.flags ?? 0) & 0x7f);
    c.watcher[slot] = watcher;
    c.peer[slot] = raw.peer ? this.peerOf(raw.peer) : NONE;
  }

  private peerOf(peer: Peer): number {
    let index = this.peerIndex.get(peer);
    if (index === undefined) {
      index = this.peers.of(peerKey(peer), peer);
      this.peerIndex.set(peer, index);
    }
    return index;
  }

  private read(seq: number): TrafficMessage {
    const c = this.columns;
    const slot = seq % this.cap;
    const watcher = this.watchers.values[c.watcher[slot]];
    const message: TrafficMessage = {
      seq,
      time: c.time[slot],
      watcherId: watcher.id,
      endpoint: watcher.endpoint,
      direction: (c.directionFlags[slot] & OUT ? 'out' : 'in') as Direction,
      bytes: this.arena.view(c.chunk[slot], c.offset[slot], c.length[slot]),
      flags: c.directionFlags[slot] & 0x7f,
    };
    if (c.peer[slot] !== NONE) message.peer = this.peers.values[c.peer[slot]];
    if (c.wireLength[slot] !== NONE) message.wire = this.arena.view(c.wireChunk[slot], c.wireOffset[slot], c.wireLength[slot]);
    return message;
  }

  private dropOldest(): void {
    const c = this.columns;
    const slot = this.firstSeq % this.cap;
    this.arena.release(c.chunk[slot]);
    if (c.wireLength[slot] !== NONE) this.arena.release(c.wireChunk[slot]);
    this.heldBytes -= c.held[slot];
    this.watchers.values[c.watcher[slot]].counters.dropped++;
    this.droppedTotal++;
    this.firstSeq++;
  }
}

function adopted(raw: RawMessage): boolean {
  return raw.unshared === true && raw.bytes.length >= ADOPT_FROM;
}

/** What storing a message's own bytes costs: an adopted buffer is kept whole, even beyond the message. */
function bytesHeld(raw: RawMessage): number {
  return adopted(raw) ? raw.bytes.buffer.byteLength : raw.bytes.length;
}

/** Where `part` starts inside `whole` when it is a view of the same bytes, else undefined. */
function offsetWithin(part: Uint8Array, whole: Uint8Array): number | undefined {
  if (part.buffer !== whole.buffer) return undefined;
  const offset = part.byteOffset - whole.byteOffset;
  return offset >= 0 && offset + part.length <= whole.length ? offset : undefined;
}

function newCounters(): WatcherCounters {
  return { messages: 0, bytes: 0, dropped: 0, lastTime: 0 };
}

function peerKey(peer: Peer): string {
  return `${peer.connection ?? ''}|${peer.pid ?? ''}|${peer.image ?? ''}|${peer.address ?? ''}|${peer.name ?? ''}`;
}

function checkMaxBytes(maxBytes: number): void {
  if (!(maxBytes > 0)) throw new RangeError(`the log's byte limit must be positive, got ${maxBytes}`);
}

function checkCapacity(capacity: number): void {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`log capacity must be a positive integer, got ${capacity}`);
}
