/**
 * The time and memory one input may cost a target: a parser that does unbounded work for a small
 * hostile input (a macro that doubles, a length that lies) breaks its budget, and the fuzzer keeps
 * that input as a crash. Memory is what the run left allocated (heap and buffers) when it returned.
 */
export interface Budget {
  ms: number;
  megabytes: number;
}

export class BudgetExceeded extends Error {
  override name = 'BudgetExceeded';
}

export function runWithinBudget(run: () => void, budget: Budget): void {
  const before = allocated();
  const started = performance.now();
  run();
  const ms = performance.now() - started;
  const megabytes = (allocated() - before) / 2 ** 20;
  if (ms > budget.ms) throw new BudgetExceeded(`took ${ms.toFixed(0)} ms, over the budget of ${budget.ms} ms`);
  if (megabytes > budget.megabytes) throw new BudgetExceeded(`left ${megabytes.toFixed(1)} MB allocated, over the budget of ${budget.megabytes} MB`);
}

function allocated(): number {
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}
