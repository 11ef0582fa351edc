/**
 * Turns one corpus input into a new one, AFL-style "havoc": a few stacked edits (bit flips, interesting
 * integers of 8/16/32 bits in both byte orders, block copy, insert and delete, truncation, dictionary
 * tokens, and a splice with another corpus input). Driven by a seeded generator so a run is repeatable.
 */

/** xorshift32: small, fast and the same on every machine. */
export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = (seed >>> 0) || 0x9e3779b9;
  }
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }
  /** An integer in [0, n). */
  below(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }
}

const INTERESTING_8 = [0, 1, 0x7f, 0x80, 0xff, 0x10, 0x20, 0x40];
const INTERESTING_16 = [0, 1, 0x7fff, 0x8000, 0xffff, 0x100, 0x200, 0x1ff, 512, 1024];
const INTERESTING_32 = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x10000, 0x0a0d0d0a, 0xa1b2c3d4, 0x1a2b3c4d];

export interface MutatorOptions {
  /** Inputs are cut to this many bytes. */
  maxLength: number;
  /** Tokens worth inserting whole (keywords, magic numbers). */
  dictionary?: readonly Uint8Array[];
}

export function mutate(parent: Uint8Array, other: Uint8Array, random: SeededRandom, options: MutatorOptions): Uint8Array {
  let bytes = Array.from(parent);
  const edits = 1 << random.below(4);
  for (let e = 0; e < edits; e++) bytes = edit(bytes, other, random, options);
  if (bytes.length > options.maxLength) bytes.length = options.maxLength;
  return Uint8Array.from(bytes);
}

function edit(bytes: number[], other: Uint8Array, random: SeededRandom, options: MutatorOptions): number[] {
  const at = random.below(bytes.length + 1);
  const inside = bytes.length ? at % bytes.length : 0;
  switch (random.below(10)) {
    case 0:
      if (bytes.length) bytes[inside] ^= 1 << random.below(8);
      return bytes;
    case 1:
      if (bytes.length) bytes[inside] = random.pick(INTERESTING_8);
      return bytes;
    case 2:
      return putInteger(bytes, inside, random.pick(INTERESTING_16), 2, random.below(2) === 0);
    case 3:
      return putInteger(bytes, inside, random.pick(INTERESTING_32), 4, random.below(2) === 0);
    case 4: {
      if (bytes.length) bytes[inside] = (bytes[inside] + random.below(71) - 35) & 0xff;
      return bytes;
    }
    case 5: {
      const length = 1 + random.below(Math.min(64, bytes.length || 1));
      const from = random.below(Math.max(1, bytes.length - length));
      bytes.splice(at, 0, ...bytes.slice(from, from + length));
      return bytes;
    }
    case 6:
      bytes.splice(at, 1 + random.below(16));
      return bytes;
    case 7:
      bytes.length = at;
      return bytes;
    case 8: {
      const dictionary = options.dictionary ?? [];
      if (!dictionary.length) return bytes;
      const token = random.pick(dictionary);
      if (random.below(2)) bytes.splice(at, 0, ...token);
      else bytes.splice(at, token.length, ...token);
      return bytes;
    }
    default: {
      // Splice: our head, the other input's tail.
      const cut = random.below(other.length + 1);
      return bytes.slice(0, at).concat(Array.from(other.subarray(cut)));
    }
  }
}

function putInteger(bytes: number[], at: number, value: number, width: number, bigEndian: boolean): number[] {
  if (bytes.length < width) return bytes;
  const start = Math.min(at, bytes.length - width);
  for (let i = 0; i < width; i++) {
    const shift = 8 * (bigEndian ? width - 1 - i : i);
    bytes[start + i] = Math.floor(value / 2 ** shift) & 0xff;
  }
  return bytes;
}
