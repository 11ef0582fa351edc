/**
 * How many cycles the Win32 soak tests run (under Wine a cycle costs ~0.1 s): 200 in `npm test`, the
 * full 1,000 with SLOTPIPE_SOAK=1 (`npm run soak`); and a driver run with a time limit to match.
 */
import path from 'node:path';
import { buildDriver } from '../win32/build-driver.mjs';
import { repoRoot, runWinNode } from '../win32/harness';
import { parseJsonLines } from '../win32/slotpipe';

export const soak = process.env.SLOTPIPE_SOAK === '1';
export const CYCLES = soak ? 1000 : 200;

/** Runs a driver scenario (test/win32/driver.ts) allowing `minutes`; returns its result. */
export async function driveLong<T = any>(scenario: string, args: unknown, minutes: number): Promise<T> {
  const script = path.relative(repoRoot, await buildDriver());
  const run = await runWinNode([script, scenario, JSON.stringify(args)], { timeoutMs: minutes * 60_000 });
  const outcome = parseJsonLines(run.stdout).at(-1) ?? {};
  if (run.code !== 0 || !('result' in outcome)) throw new Error(`driver ${scenario} ended with ${run.code}: ${outcome.error ?? run.stderr}`);
  return outcome.result as T;
}
