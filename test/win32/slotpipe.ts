// Runs Slotpipe itself under Windows Node.js for the Win32 tests: the CLI (dist/cli.js) and the
// in-process driver (test/win32/driver.ts, bundled on first use).
import path from 'node:path';
import { buildDriver } from './build-driver.mjs';
import { repoRoot, runWinNode, spawnWinNode, type WinProcess, type WinSpawnOptions } from './harness';

const cli = path.join('dist', 'cli.js');

export function slotpipe(args: string[], options: WinSpawnOptions = {}): Promise<WinProcess> {
  return spawnWinNode([cli, ...args], options);
}

export function runSlotpipe(args: string[], options: WinSpawnOptions & { timeoutMs?: number } = {}) {
  return runWinNode([cli, ...args], options);
}

/** Starts `slotpipe watch` and resolves once it says it is watching. */
export async function watching(args: string[]): Promise<WinProcess> {
  const proc = await slotpipe(['watch', ...args]);
  await until(() => /^watching /m.test(proc.stderr()), proc, 'the watcher to start');
  return proc;
}

/** Waits for a condition on a running program, failing with its output if it ends first. */
export async function until(condition: () => boolean, proc: WinProcess, what: string, timeoutMs = 30_000): Promise<void> {
  let ended = false;
  void proc.exited.then(() => (ended = true));
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (ended || Date.now() > deadline) {
      throw new Error(`gave up waiting for ${what}${ended ? ' (the program ended)' : ''}\nstdout: ${proc.stdout()}\nstderr: ${proc.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let driver: Promise<string> | undefined;

/** Runs one driver scenario in Windows Node.js and returns its result. */
export async function drive<T = any>(scenario: string, args: unknown = {}): Promise<T> {
  const script = path.relative(repoRoot, await (driver ??= buildDriver()));
  const run = await runWinNode([script, scenario, JSON.stringify(args)], { timeoutMs: 120_000 });
  const last = run.stdout.trim().split(/\r?\n/).pop() ?? '';
  const parsed = JSON.parse(last || '{}');
  if (run.code !== 0 || parsed.error) throw new Error(`driver ${scenario} failed (${run.code}): ${parsed.error ?? run.stderr}`);
  return parsed.result as T;
}

/** Starts a driver scenario that prints {"ready":true} before its result; for scenarios others talk to. */
export async function startDriver(scenario: string, args: unknown): Promise<{ proc: WinProcess; result(): Promise<any> }> {
  const script = path.relative(repoRoot, await (driver ??= buildDriver()));
  const proc = await spawnWinNode([script, scenario, JSON.stringify(args)]);
  await proc.nextLine('{"ready":true}');
  return {
    proc,
    async result() {
      const line = await proc.nextLine('{"result"', 120_000);
      return JSON.parse(line).result;
    },
  };
}

/** The JSON lines of a program's output so far: a last line without its newline is still being written. */
export function parseJsonLines(text: string): any[] {
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return complete.split(/\r?\n/).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}
