/**
 * Recognises a datagram seen moments ago: the same source and datagram id with the same bytes
 * (nmbd, for one, answers broadcasts twice). Bounded in time and size. Pure.
 */

export class RepeatFilter {
  private readonly seen = new Map<string, { time: number; bytes: Uint8Array }>();
  /** The `now` of the last expiry: a datagram in the same millisecond has nothing more to expire. */
  private expiredAt = -Infinity;

  /** @param windowMs how long a datagram counts as a repeat; @param limit entries remembered at most. */
  constructor(private readonly windowMs = 2000, private readonly limit = 4096) {}

  /** True when this datagram repeats one seen within the window (and should be dropped). */
  isRepeat(source: string, id: number, bytes: Uint8Array, now: number): boolean {
    this.expire(now);
    const key = `${source}#${id}`;
    const previous = this.seen.get(key);
    if (previous && now - previous.time <= this.windowMs && sameBytes(previous.bytes, bytes)) return true;
    this.seen.delete(key);
    this.seen.set(key, { time: now, bytes });
    if (this.seen.size > this.limit) this.seen.delete(this.seen.keys().next().value as string);
    return false;
  }

  private expire(now: number): void {
    if (now === this.expiredAt) return;
    this.expiredAt = now;
    for (const [key, entry] of this.seen) {
      if (now - entry.time <= this.windowMs) break;
      this.seen.delete(key);
    }
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
