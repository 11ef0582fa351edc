/**
 * Recognises a datagram seen moments ago: the same source and datagram id with the same bytes
 * (nmbd, for one, answers broadcasts twice). Bounded in time and size. Pure.
 *
 * A watcher checks every datagram, so nothing here allocates per datagram: the datagrams remembered
 * sit in a ring in arrival order (numbers in typed arrays, the bytes referred to where they already
 * lie), found through a hash table whose buckets chain ring positions.
 */

const EMPTY = -1;

export class RepeatFilter {
  /** The ring, in arrival order: `head` is the oldest, `count` entries follow (some may be replaced). */
  private source = new Uint32Array(0);
  private portAndId = new Uint32Array(0);
  private time = new Float64Array(0);
  private holder: (Uint8Array | undefined)[] = [];
  private start = new Uint32Array(0);
  private length = new Uint32Array(0);
  private head = 0;
  private count = 0;
  /** The first ring position of each hash bucket, and the next one in the same bucket (EMPTY: none). */
  private buckets = new Int32Array(0);
  /** Buckets are picked by the top bits of a multiplicative hash. */
  private bucketShift = 32;
  private next = new Int32Array(0);
  private bucket = new Uint32Array(0);
  /** The `now` of the last expiry: a datagram in the same millisecond has nothing more to expire. */
  private expiredAt = -Infinity;

  /** @param windowMs how long a datagram counts as a repeat; @param limit datagrams remembered at most. */
  constructor(private readonly windowMs = 2000, private readonly limit = 4096) {}

  /**
   * True when this datagram repeats one seen within the window (and should be dropped): from IPv4
   * `address` (as a 32-bit number) and `port`, with datagram `id`, its `length` bytes at `start` in
   * `holder`. They are remembered where they are, so they must not change afterwards.
   */
  isRepeatFrom(address: number, port: number, id: number, holder: Uint8Array, start: number, length: number, now: number): boolean {
    return this.check(address >>> 0, (((port & 0xffff) << 16) | (id & 0xffff)) >>> 0, holder, start, length, now);
  }

  private check(source: number, portAndId: number, holder: Uint8Array, start: number, length: number, now: number): boolean {
    if (this.limit < 1) return false;
    if (!this.buckets.length) this.allocate();
    this.expire(now);
    const bucket = this.bucketOf(source, portAndId);
    for (let entry = this.buckets[bucket]; entry !== EMPTY; entry = this.next[entry]) {
      if (this.source[entry] !== source || this.portAndId[entry] !== portAndId) continue;
      if (now - this.time[entry] <= this.windowMs && this.sameBytes(entry, holder, start, length)) return true;
      // Same source and id, but new bytes or too late: a new datagram that takes the old one's place.
      this.unlink(entry);
      break;
    }
    if (this.count === this.limit) this.dropOldest();
    const entry = (this.head + this.count) % this.limit;
    this.count++;
    this.source[entry] = source;
    this.portAndId[entry] = portAndId;
    this.time[entry] = now;
    this.holder[entry] = holder;
    this.start[entry] = start;
    this.length[entry] = length;
    this.bucket[entry] = bucket;
    this.next[entry] = this.buckets[bucket];
    this.buckets[bucket] = entry;
    return false;
  }

  private allocate(): void {
    const n = this.limit;
    this.source = new Uint32Array(n);
    this.portAndId = new Uint32Array(n);
    this.time = new Float64Array(n);
    this.holder = new Array<Uint8Array | undefined>(n).fill(undefined);
    this.start = new Uint32Array(n);
    this.length = new Uint32Array(n);
    this.next = new Int32Array(n);
    this.bucket = new Uint32Array(n);
    // About one entry per bucket when full, so chains stay short.
    let bits = 4;
    while (1 << bits < n) bits++;
    this.buckets = new Int32Array(1 << bits).fill(EMPTY);
    this.bucketShift = 32 - bits;
  }

  private expire(now: number): void {
    if (now === this.expiredAt) return;
    this.expiredAt = now;
    while (this.count && now - this.time[this.head] > this.windowMs) this.dropOldest();
  }

  /** Forgets the oldest entry in the ring (one already replaced is only skipped). */
  private dropOldest(): void {
    const entry = this.head;
    if (this.holder[entry] !== undefined) this.unlink(entry);
    this.head = (this.head + 1) % this.limit;
    this.count--;
  }

  /** Takes an entry out of its bucket's chain; it stays in the ring, marked replaced, until its turn to go. */
  private unlink(entry: number): void {
    this.holder[entry] = undefined;
    const bucket = this.bucket[entry];
    let at = this.buckets[bucket];
    if (at === entry) {
      this.buckets[bucket] = this.next[entry];
      return;
    }
    while (this.next[at] !== entry) at = this.next[at];
    this.next[at] = this.next[entry];
  }

  private sameBytes(entry: number, holder: Uint8Array, start: number, length: number): boolean {
    if (this.length[entry] !== length) return false;
    const kept = this.holder[entry]!;
    const keptStart = this.start[entry];
    for (let i = 0; i < length; i++) if (kept[keptStart + i] !== holder[start + i]) return false;
    return true;
  }

  private bucketOf(source: number, portAndId: number): number {
    return Math.imul(source ^ Math.imul(portAndId, 0x9e3779b1), 0x85ebca6b) >>> this.bucketShift;
  }
}
