/**
 * A small coverage-guided fuzzer (what libFuzzer and Jazzer do, on V8's own block coverage): start
 * from the corpus, mutate a corpus input, run it, and keep it when it reached a block no input reached
 * before. Every input that ever crashed is written to the corpus folder as `crash-<hash>.bin` and stays
 * there, so each later run tries it first. With `save`, new inputs that added coverage are written too.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BlockCoverage } from './block-coverage';
import { mutate, SeededRandom } from './mutator';
import type { FuzzTarget } from './targets';
import { runWithinBudget } from './budget';

export const corpusRoot = path.resolve(import.meta.dirname, '../fixtures/fuzz-corpus');

export interface FuzzOptions {
  iterations: number;
  seed: number;
  /** Write inputs that reached new blocks to the corpus folder. */
  save?: boolean;
  /** Corpus folder (default test/fixtures/fuzz-corpus/<target>). */
  corpusDir?: string;
}

export interface FuzzCrash {
  file: string;
  message: string;
}

export interface FuzzReport {
  target: string;
  seed: number;
  iterations: number;
  /** Inputs the run started from: real fixtures, then the committed corpus. */
  startInputs: number;
  /** Inputs kept because they reached new blocks (this run). */
  kept: number;
  /** Blocks of the target's modules reached by the starting inputs, and in the end. */
  blocksAtStart: number;
  blocks: number;
  crashes: FuzzCrash[];
  /** Corpus files written by this run (crashes, and with `save` the new inputs). */
  written: string[];
}

const hashOf = (input: Uint8Array) => createHash('sha1').update(input).digest('hex').slice(0, 16);

function readCorpus(dir: string): Uint8Array[] {
  if (!fs.existsSync(dir)) return [];
  // Crashes first: an input that once broke the target must keep passing.
  const names = fs.readdirSync(dir).filter((n) => n.endsWith('.bin')).sort((a, b) => Number(b.startsWith('crash-')) - Number(a.startsWith('crash-')) || a.localeCompare(b));
  return names.map((name) => new Uint8Array(fs.readFileSync(path.join(dir, name))));
}

export function fuzz(target: FuzzTarget, options: FuzzOptions): FuzzReport {
  const dir = options.corpusDir ?? path.join(corpusRoot, target.name);
  const random = new SeededRandom(options.seed);
  const coverage = new BlockCoverage((url) => target.covers.test(url));
  const queue: Uint8Array[] = [];
  const crashes: FuzzCrash[] = [];
  const written: string[] = [];
  const known = new Set<string>();

  const write = (name: string, input: Uint8Array) => {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) {
      fs.writeFileSync(file, input);
      written.push(path.relative(corpusRoot, file));
    }
    return file;
  };

  /** Runs one input; true when it reached new blocks. */
  const attempt = (input: Uint8Array): boolean => {
    try {
      runWithinBudget(() => target.run(input), target.budget);
    } catch (err) {
      const file = write(`crash-${hashOf(input)}.bin`, input);
      crashes.push({ file: path.relative(corpusRoot, file), message: String((err as Error)?.stack ?? err).split('\n').slice(0, 6).join('\n') });
      coverage.takeNew();
      return false;
    }
    return coverage.takeNew() > 0;
  };

  coverage.takeNew(); // what loading the modules ran is not an input's doing
  const start = [...target.seeds(), ...readCorpus(dir)];
  for (const input of start) {
    const hash = hashOf(input);
    if (known.has(hash)) continue;
    known.add(hash);
    attempt(input);
    queue.push(input);
  }
  const blocksAtStart = coverage.reached;
  let kept = 0;
  for (let i = 0; i < options.iterations; i++) {
    const parent = queue[random.below(queue.length)];
    const other = queue[random.below(queue.length)];
    const input = mutate(parent, other, random, { maxLength: target.maxLength, dictionary: target.dictionary });
    if (!attempt(input)) continue;
    const hash = hashOf(input);
    if (known.has(hash)) continue;
    known.add(hash);
    queue.push(input);
    kept++;
    if (options.save) write(`${hash}.bin`, input);
  }
  coverage.close();
  return {
    target: target.name, seed: options.seed, iterations: options.iterations, startInputs: start.length, kept,
    blocksAtStart, blocks: coverage.reached, crashes, written,
  };
}
