/**
 * The webview's cache of rows it has pulled from the host, in fixed-size blocks of view indexes.
 * Only the blocks near what is on screen are kept (least recently used go first), requests for a
 * block already on its way are shared, and a block fetched while it was still filling up (the newest
 * rows) is fetched again once the host announces more.
 */
import { ROW_BLOCK, type PanelRow, type RowsResponse } from '../extension/core/panel-protocol';

export interface CachedRow extends PanelRow {
  bytes: Uint8Array;
}

export type RowFetcher = (fromIndex: number, count: number, generation: number) => Promise<RowsResponse>;

interface Block {
  rows: (CachedRow | undefined)[];
  /** One past the highest view index the host held when this block was fetched. */
  filledTo: number;
}

export class RowCache {
  private readonly blocks = new Map<number, Block>();
  private readonly inFlight = new Map<number, Promise<void>>();
  private gen = 0;

  constructor(
    private readonly fetch: RowFetcher,
    readonly blockSize = ROW_BLOCK,
    private readonly maxBlocks = 64,
  ) {
    if (!Number.isInteger(blockSize) || blockSize < 1) throw new RangeError(`block size must be a positive integer, got ${blockSize}`);
  }

  get generation(): number {
    return this.gen;
  }

  /** A different generation means the host rebuilt its view indexes: nothing cached is valid. */
  reset(generation: number): void {
    this.gen = generation;
    this.blocks.clear();
    this.inFlight.clear();
  }

  get(index: number): CachedRow | undefined {
    const key = Math.floor(index / this.blockSize);
    const block = this.blocks.get(key);
    if (!block) return undefined;
    this.blocks.delete(key);
    this.blocks.set(key, block);
    return block.rows[index - key * this.blockSize];
  }

  /**
   * Makes sure rows [from, to) are cached, given that the host holds [firstIndex, endIndex).
   * Resolves once every missing block arrived (true when anything new was loaded).
   */
  async ensure(from: number, to: number, firstIndex: number, endIndex: number): Promise<boolean> {
    const start = Math.max(from, firstIndex);
    const end = Math.min(to, endIndex);
    if (end <= start) return false;
    const loads: Promise<void>[] = [];
    for (let key = Math.floor(start / this.blockSize); key * this.blockSize < end; key++) {
      const block = this.blocks.get(key);
      const blockEnd = Math.min((key + 1) * this.blockSize, endIndex);
      if (block && block.filledTo >= blockEnd) continue;
      loads.push(this.load(key, endIndex));
    }
    await Promise.all(loads);
    return loads.length > 0;
  }

  /**
   * Rows the host sent unasked with an announcement: the newest ones of one block, those no earlier
   * announcement carried. They are added to that block when they follow on from what it holds (or start
   * it); rows after a gap are left to `ensure`, which fetches the block whole.
   */
  put(response: RowsResponse, endIndex: number): void {
    if (!response.rows.length || response.generation !== this.gen) return;
    const first = response.rows[0].index;
    const key = Math.floor(first / this.blockSize);
    if (Math.floor(response.rows[response.rows.length - 1].index / this.blockSize) !== key) return;
    const block = this.blocks.get(key);
    if (first > (block?.filledTo ?? key * this.blockSize)) return;
    this.store(key, response, endIndex, block?.rows);
  }

  private store(key: number, response: RowsResponse, endIndex: number, into?: (CachedRow | undefined)[]): void {
    if (response.generation !== this.gen) return;
    const from = key * this.blockSize;
    const rows = into ?? new Array<CachedRow | undefined>(this.blockSize);
    for (const row of response.rows) {
      rows[row.index - from] = { ...row, bytes: new Uint8Array(response.bytes, row.offset, row.size) };
    }
    this.blocks.delete(key);
    this.blocks.set(key, { rows, filledTo: Math.min(from + this.blockSize, endIndex) });
    while (this.blocks.size > this.maxBlocks) this.blocks.delete(this.blocks.keys().next().value!);
  }

  private load(key: number, endIndex: number): Promise<void> {
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const generation = this.gen;
    const from = key * this.blockSize;
    const promise = this.fetch(from, this.blockSize, generation).then((response) => {
      if (this.inFlight.get(key) === promise) this.inFlight.delete(key);
      if (generation === this.gen) this.store(key, response, endIndex);
    }, (error: unknown) => {
      if (this.inFlight.get(key) === promise) this.inFlight.delete(key);
      throw error;
    });
    this.inFlight.set(key, promise);
    return promise;
  }
}
