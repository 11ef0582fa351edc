/**
 * Datagrams are taken off the socket as they come and decoded once the socket goes quiet: while each turn
 * of the event loop brings new datagrams nothing is decoded, so during a burst the socket empties at the
 * pace of a bare receive and what the kernel would have dropped once its receive buffer filled waits here
 * instead; the first turn that brings none decodes the backlog. Waiting datagrams are copied back to back
 * into chunks, so the Buffer Node made for each dies young (holding tens of thousands of them made every
 * garbage collection in a burst copy them all), and a chunk read to its end is used again rather than
 * fresh memory (first touching a page costs more than the copy). Bounded: past `maxBytes` waiting the
 * oldest are decoded at once to make room, so nothing is dropped here. Pure (the backend says when the
 * next turn's check runs).
 */
/** Datagrams decoded in one turn at most, so a long backlog does not hold up the event loop. */
export const SLICE = 512;
export const MAX_QUEUED_BYTES = 64 * 1024 * 1024;
/** What a waiting datagram costs beyond its bytes (its length, address, port and time in the arrays). */
export const ENTRY_BYTES = 32;
const CHUNK_SIZE = 256 * 1024;

/** Decodes one datagram: a view that is valid only during the call (copy what is kept). */
export type HandleDatagram = (datagram: Uint8Array, address: string, port: number, time: number) => void;

export class BurstQueue {
  /** The waiting datagrams' bytes, in order: read from `readAt` in the first chunk, written at `writeAt` in the last. */
  private chunks: Uint8Array[] = [];
  /** Where each chunk's bytes end (the last one's: `writeAt`). */
  private ends: number[] = [];
  private readAt = 0;
  private writeAt = 0;
  /** A chunk read to its end, kept for the next one needed. */
  private spare: Uint8Array | undefined;
  /** What the waiting datagrams cost, counted against `maxBytes`. */
  private bytes = 0;
  /** Each waiting datagram's length and where it came from, at [head, tail). */
  private lengths: number[] = [];
  private addresses: string[] = [];
  private ports: number[] = [];
  private times: number[] = [];
  private head = 0;
  private tail = 0;
  private lastAddress = '';
  private scheduled = false;
  /** A datagram came since the last check. */
  private arrived = false;

  /**
   * @param handle decodes one datagram
   * @param decoded runs after each run of decoding (the backend hands on what it decoded)
   * @param schedule runs the check once, in the next turn of the event loop
   */
  constructor(
    private readonly handle: HandleDatagram,
    private readonly decoded: () => void,
    private readonly schedule: (check: () => void) => void,
    private readonly maxBytes = MAX_QUEUED_BYTES,
  ) {}

  /** Takes a copy of a datagram in. */
  push(datagram: Uint8Array, address: string, port: number, time: number): void {
    const length = datagram.length;
    // Full: the oldest are decoded now (the kernel holds what comes meanwhile).
    while (this.bytes + length + ENTRY_BYTES > this.maxBytes && this.length) this.run(SLICE);
    if (!this.chunks.length || this.writeAt + length > this.chunks[this.chunks.length - 1].length) this.startChunk(length);
    this.chunks[this.chunks.length - 1].set(datagram, this.writeAt);
    this.writeAt += length;
    this.bytes += length + ENTRY_BYTES;
    const at = this.tail++;
    this.lengths[at] = length;
    // Equal addresses are kept as one string, so the one Node made for this datagram dies young too.
    this.addresses[at] = address === this.lastAddress ? this.lastAddress : (this.lastAddress = address);
    this.ports[at] = port;
    this.times[at] = time;
    this.arrived = true;
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(this.check);
    }
  }

  get length(): number {
    return this.tail - this.head;
  }

  /** Decodes everything waiting, now (before a stop). */
  drain(): void {
    if (this.length) this.run(this.length);
  }

  private readonly check = () => {
    this.scheduled = false;
    // While the socket still delivers, read on and decode later.
    if (!this.arrived && this.length) this.run(SLICE);
    this.arrived = false;
    if (this.length) {
      this.scheduled = true;
      this.schedule(this.check);
    }
  };

  /** Decodes the oldest `count` (or all there are). */
  private run(count: number): void {
    const end = Math.min(this.tail, this.head + count);
    while (this.head < end) {
      const at = this.head++;
      if (this.chunks.length > 1 && this.readAt === this.ends[0]) this.nextChunk();
      const start = this.readAt;
      const length = this.lengths[at];
      this.readAt += length;
      this.bytes -= length + ENTRY_BYTES;
      this.handle(this.chunks[0].subarray(start, this.readAt), this.addresses[at], this.ports[at], this.times[at]);
    }
    if (this.head === this.tail) this.empty();
    else if (this.head > SLICE && this.head * 2 > this.tail) this.compactEntries();
    this.decoded();
  }

  private startChunk(atLeast: number): void {
    if (this.chunks.length) this.ends[this.chunks.length - 1] = this.writeAt;
    const reused = this.spare !== undefined && this.spare.length >= atLeast ? this.spare : undefined;
    if (reused) this.spare = undefined;
    this.chunks.push(reused ?? new Uint8Array(Math.max(CHUNK_SIZE, atLeast)));
    this.ends.push(0);
    this.writeAt = 0;
  }

  private nextChunk(): void {
    const done = this.chunks.shift()!;
    this.ends.shift();
    if (done.length === CHUNK_SIZE) this.spare = done;
    this.readAt = 0;
  }

  /** Starts over in the chunk written last; arrays that grew in a burst are let go. */
  private empty(): void {
    this.head = this.tail = 0;
    this.readAt = this.writeAt = 0;
    this.spare = undefined;
    if (this.chunks[0].length > CHUNK_SIZE) this.chunks = [];
    this.ends.length = this.chunks.length;
    if (this.lengths.length > SLICE) {
      this.lengths = [];
      this.addresses = [];
      this.ports = [];
      this.times = [];
    }
  }

  /** Moves the waiting entries to the front, so the arrays do not grow with every datagram ever queued. */
  private compactEntries(): void {
    const { head, tail } = this;
    this.lengths.copyWithin(0, head, tail);
    this.addresses.copyWithin(0, head, tail);
    this.ports.copyWithin(0, head, tail);
    this.times.copyWithin(0, head, tail);
    this.head = 0;
    this.tail = tail - head;
  }
}
