/**
 * First-in, first-out storage for many small byte strings: they are copied back to back into large
 * chunks, and a chunk is let go once every string in it has been released. Keeps a million messages
 * at a few bytes of overhead each instead of one ArrayBuffer view apiece. Large strings that nobody
 * else writes to are adopted as chunks of their own instead of copied, and strings that lie in a buffer
 * their producer fills on (a slab of packets) are kept where they lie, the buffer one chunk for them all.
 */

const CHUNK_SIZE = 4 * 1024 * 1024;

export interface ArenaSlot {
  chunk: number;
  offset: number;
}

export class ByteArena {
  private readonly chunks = new Map<number, { bytes: Uint8Array; live: number }>();
  private nextChunk = 0;
  private current = -1;
  private used = CHUNK_SIZE;
  /** The buffer `keep` saw last, and its chunk: consecutive strings of one buffer share that chunk. */
  private keptBuffer: ArrayBufferLike | undefined;
  private keptChunk = -1;

  /** Copies `bytes` in and says where they are. */
  store(bytes: Uint8Array): ArenaSlot {
    if (this.used + bytes.length > this.chunkSize()) this.startChunk(bytes.length);
    const chunk = this.chunks.get(this.current)!;
    chunk.bytes.set(bytes, this.used);
    chunk.live++;
    const slot = { chunk: this.current, offset: this.used };
    this.used += bytes.length;
    return slot;
  }

  /** Keeps `bytes` themselves as a chunk of their own (no copy): the caller never writes to them again. */
  adopt(bytes: Uint8Array): ArenaSlot {
    const chunk = this.nextChunk++;
    this.chunks.set(chunk, { bytes, live: 1 });
    return { chunk, offset: 0 };
  }

  /**
   * Keeps `bytes` where they lie (no copy): the caller never writes to them again, though it may go on
   * writing other parts of their buffer. The whole buffer is held until every string kept in it is released.
   */
  keep(bytes: Uint8Array): ArenaSlot {
    const kept = this.keptBuffer === bytes.buffer ? this.chunks.get(this.keptChunk) : undefined;
    if (kept) kept.live++;
    else {
      this.keptBuffer = bytes.buffer;
      this.keptChunk = this.nextChunk++;
      this.chunks.set(this.keptChunk, { bytes: new Uint8Array(bytes.buffer), live: 1 });
    }
    return { chunk: this.keptChunk, offset: bytes.byteOffset };
  }

  /** One more string refers to stored bytes (e.g. a part of them): `release` is then called once more. */
  retain(chunk: number): void {
    this.chunks.get(chunk)!.live++;
  }

  /** A view of stored bytes (no copy). */
  view(chunk: number, offset: number, length: number): Uint8Array {
    const stored = this.chunks.get(chunk);
    if (!stored) throw new RangeError(`arena chunk ${chunk} was already released`);
    return stored.bytes.subarray(offset, offset + length);
  }

  /** One string in `chunk` is no longer needed; the chunk goes when none is left (views already handed out stay valid). */
  release(chunk: number): void {
    const stored = this.chunks.get(chunk);
    if (!stored) return;
    if (--stored.live > 0 || chunk === this.current) return;
    this.chunks.delete(chunk);
    if (chunk === this.keptChunk) this.keptBuffer = undefined;
  }

  private chunkSize(): number {
    return this.chunks.get(this.current)?.bytes.length ?? 0;
  }

  private startChunk(atLeast: number): void {
    const previous = this.chunks.get(this.current);
    if (previous && previous.live === 0) this.chunks.delete(this.current);
    this.current = this.nextChunk++;
    this.chunks.set(this.current, { bytes: new Uint8Array(Math.max(CHUNK_SIZE, atLeast)), live: 0 });
    this.used = 0;
  }
}
