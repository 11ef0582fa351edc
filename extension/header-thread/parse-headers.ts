/**
 * Parses the `slotpipe.headers` files on a worker thread, so a large or hostile header never blocks the
 * extension host. Each run has a time and a memory budget; a header that exceeds one is reported and
 * left out, and the others are parsed again without it.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { StructRegistry } from '../decode/index';
import type { HeaderJob, HeaderOutcome, HeaderReport } from './header-protocol';

export interface HeaderBudget {
  /** Wall-clock time one run of the worker may take. */
  milliseconds: number;
  /** The worker's V8 heap limit. */
  heapMegabytes: number;
}

export const HEADER_BUDGET: HeaderBudget = { milliseconds: 10_000, heapMegabytes: 512 };

export interface ParsedHeaders {
  registry: StructRegistry;
  /** One per header, in order: parsed (with its text), or the problem that left it out. */
  outcomes: HeaderOutcome[];
  /** The files the headers #included, as read. */
  included: { path: string; source: string }[];
}

/** Where `#include "x.h"` looks after the including file's folder, and the target to lay out for. */
export type HeaderLayout = Pick<HeaderJob, 'includePath' | 'arch' | 'defines'>;

type Run = { done: true; outcomes: HeaderOutcome[]; registry: StructRegistry; included: ParsedHeaders['included'] } | { done: false; index: number; problem: string };

/** `workerFile` is the bundled dist/header-worker.js beside this code unless a test names another. */
export async function parseHeadersOffThread(
  headers: HeaderJob['headers'],
  budget: HeaderBudget = HEADER_BUDGET,
  workerFile = path.join(__dirname, 'header-worker.js'),
  layout: HeaderLayout = {},
): Promise<ParsedHeaders> {
  const left = headers.map((h, index) => ({ ...h, index }));
  const refused = new Map<number, HeaderOutcome>();
  for (;;) {
    const run: Run = left.length ? await runWorker(left, budget, workerFile, layout) : { done: true, outcomes: [], registry: builtinsFor(layout), included: [] };
    if (run.done) {
      const parsed = run.outcomes.map((o, k) => [left[k].index, o] as const);
      const outcomes = [...parsed, ...refused].sort((a, b) => a[0] - b[0]).map(([, o]) => o);
      return { registry: run.registry, outcomes, included: run.included };
    }
    const [slow] = left.splice(run.index, 1);
    refused.set(slow.index, { fileName: slow.fileName, problem: `${slow.fileName}: ${run.problem}; it is left out` });
  }
}

function runWorker(headers: HeaderJob['headers'], budget: HeaderBudget, workerFile: string, layout: HeaderLayout): Promise<Run> {
  return new Promise((resolve, reject) => {
    const job: HeaderJob = { headers: headers.map(({ fileName, path, arch, bytes }) => ({ fileName, path, arch, bytes })), ...layout };
    const worker = new Worker(workerFile, { workerData: job, resourceLimits: { maxOldGenerationSizeMb: budget.heapMegabytes } });
    let parsing = 0;
    let settled = false;
    const settle = (run: Run | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if (run instanceof Error) reject(run);
      else resolve(run);
    };
    const timer = setTimeout(() => settle({ done: false, index: parsing, problem: `parsing took longer than ${budget.milliseconds / 1000} s (the time budget) and was stopped` }), budget.milliseconds);
    worker.on('message', (report: HeaderReport) => {
      if (report.type === 'parsing') parsing = report.index;
      else settle({ done: true, outcomes: report.outcomes, registry: StructRegistry.fromSnapshot(report.snapshot), included: report.included });
    });
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') settle({ done: false, index: parsing, problem: `parsing needed more than ${budget.heapMegabytes} MB (the memory budget) and was stopped` });
      else settle(err);
    });
    worker.on('exit', () => settle(new Error('the header worker ended without an answer')));
  });
}

/** The built-ins alone, for the target and with the defines, when no header is set. */
function builtinsFor(layout: HeaderLayout): StructRegistry {
  const registry = StructRegistry.withBuiltins(layout.arch);
  registry.define(layout.defines ?? []);
  return registry;
}
