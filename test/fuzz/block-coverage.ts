/**
 * Which code blocks of the fuzzed modules have run, from V8's precise block coverage (node:inspector,
 * the same data `c8` reads). V8 reports a block only where its count differs from the enclosing one,
 * so a block counts as reached once its function ran without the block being inside a range reported
 * as not run. Used by the coverage-guided fuzzer: an input that reaches a new block is kept.
 */
import inspector from 'node:inspector';

interface Range {
  startOffset: number;
  endOffset: number;
  count: number;
}

interface FunctionCoverage {
  ranges: Range[];
}

interface ScriptCoverage {
  url: string;
  functions: FunctionCoverage[];
}

export class BlockCoverage {
  private readonly session = new inspector.Session();
  /** Per function (`url#start-end`): every block V8 ever named in it, and whether it was reached. */
  private readonly functions = new Map<string, Map<string, { start: number; end: number; reached: boolean }>>();
  private reachedCount = 0;

  /** `watched`: the script URLs that count (the modules under test, not the fuzzer itself). */
  constructor(private readonly watched: (url: string) => boolean) {
    this.session.connect();
    this.post('Profiler.enable');
    this.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  }

  /** Blocks reached since the last call that were never reached before. Resets V8's counters. */
  takeNew(): number {
    const { result } = this.post('Profiler.takePreciseCoverage') as { result: ScriptCoverage[] };
    let fresh = 0;
    for (const script of result) {
      if (!this.watched(script.url)) continue;
      for (const fn of script.functions) fresh += this.account(script.url, fn.ranges);
    }
    this.reachedCount += fresh;
    return fresh;
  }

  /** Blocks reached so far. */
  get reached(): number {
    return this.reachedCount;
  }

  close(): void {
    this.post('Profiler.stopPreciseCoverage');
    this.post('Profiler.disable');
    this.session.disconnect();
  }

  private account(url: string, ranges: Range[]): number {
    const [whole, ...inner] = ranges;
    const key = `${url}#${whole.startOffset}-${whole.endOffset}`;
    let blocks = this.functions.get(key);
    if (!blocks) this.functions.set(key, (blocks = new Map()));
    for (const range of ranges) {
      const id = `${range.startOffset}-${range.endOffset}`;
      if (!blocks.has(id)) blocks.set(id, { start: range.startOffset, end: range.endOffset, reached: false });
    }
    if (whole.count === 0) return 0;
    const notRun = inner.filter((r) => r.count === 0);
    let fresh = 0;
    for (const block of blocks.values()) {
      if (block.reached) continue;
      if (notRun.some((r) => r.startOffset <= block.start && block.end <= r.endOffset)) continue;
      block.reached = true;
      fresh++;
    }
    return fresh;
  }

  private post(method: string, params?: object): unknown {
    // A session on the own thread answers synchronously.
    let answer: unknown;
    let failure: Error | null = null;
    this.session.post(method, params, (err, result) => {
      failure = err;
      answer = result;
    });
    if (failure) throw failure;
    return answer;
  }
}
