/**
 * Programs the benchmarks start: Windows programs (C peers, Windows node.exe) under Wine with the
 * project's prefix, and Linux node. Output goes to files (a Linux pipe as stdout kills node.exe under
 * Wine) and is followed as it grows. Every program started is killed when the bench ends.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareWine, winExeCommand, winNodeCommand } from '../../scripts/wine.mjs';
import { ensure as buildPeers, peerExe } from '../../scripts/setup/peers.mjs';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface Program {
  readonly pid: number;
  readonly exited: Promise<number | null>;
  stdout(): string;
  /** The first stdout line starting with `prefix`, waiting for it. */
  line(prefix: string, timeoutMs?: number): Promise<string>;
  kill(): Promise<void>;
}

const running = new Set<Program>();
const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-bench-'));
let started = 0;
let prepared: Promise<void> | undefined;

process.on('exit', () => {
  for (const p of running) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  fs.rmSync(outputDir, { recursive: true, force: true });
});
// Interrupted: exit normally, so the handler above takes the programs down with the bench.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

/** The Wine prefix, its warm wineserver and the C peers. */
export function prepareWindows(): Promise<void> {
  prepared ??= (async () => {
    await prepareWine();
    await buildPeers();
  })();
  return prepared;
}

/**
 * With `syscallsTo`, the program runs under `strace -f -c` and its system call counts go to that file (Linux).
 * With `cpus` (a taskset list such as `1`), it and everything it starts run only on those CPUs (Linux).
 */
export interface StartOptions {
  syscallsTo?: string;
  cpus?: string;
}

export async function startPeer(name: 'bench_send' | 'bench_recv' | 'echo_server' | 'echo_client', args: string[], options: StartOptions = {}): Promise<Program> {
  await prepareWindows();
  return start(traced(winExeCommand(peerExe(name), args), options), `${name} ${args.join(' ')}`);
}

export async function startWinNode(args: string[], options: StartOptions = {}): Promise<Program> {
  await prepareWindows();
  return start(traced(winNodeCommand(args), options), `node.exe ${args.join(' ')}`);
}

type CommandLine = { command: string; args: string[]; env: Record<string, string | undefined> };

function traced(commandLine: CommandLine, { syscallsTo, cpus }: StartOptions): CommandLine {
  const pinned = cpus && process.platform === 'linux' ? { ...commandLine, command: 'taskset', args: ['-c', cpus, commandLine.command, ...commandLine.args] } : commandLine;
  if (!syscallsTo) return pinned;
  return { ...pinned, command: 'strace', args: ['-f', '-c', '-o', syscallsTo, '--', pinned.command, ...pinned.args] };
}

export function startNode(args: string[], env: Record<string, string> = {}): Program {
  return start({ command: process.execPath, args, env: { ...process.env, ...env } }, `node ${args.join(' ')}`);
}

export async function killAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.kill()));
}

/** Parses the `{"result":...}` line a driver prints, failing with its output on `{"error":...}`. */
export async function resultOf<T>(program: Program, timeoutMs = 180_000): Promise<T> {
  const line = await program.line('{"result"', timeoutMs).catch(async (err) => {
    const error = program.stdout().split('\n').find((l) => l.startsWith('{"error"'));
    throw error ? new Error(JSON.parse(error).error) : err;
  });
  return JSON.parse(line).result as T;
}

function start(commandLine: CommandLine, label: string): Program {
  const file = path.join(outputDir, `${++started}.out`);
  const out = fs.openSync(file, 'w');
  const err = fs.openSync(`${file}.err`, 'w');
  const child = spawn(commandLine.command, commandLine.args, { cwd: repoRoot, env: commandLine.env as NodeJS.ProcessEnv, stdio: ['ignore', out, err] });
  fs.closeSync(out);
  fs.closeSync(err);
  let ended = false;
  let how = '';
  const exited = new Promise<number | null>((resolve) => {
    child.on('error', () => resolve(null));
    child.on('exit', (code, signal) => {
      ended = true;
      how = signal ? `killed by ${signal}` : `exit code ${code}`;
      running.delete(program);
      resolve(code);
    });
  });
  const read = () => fs.readFileSync(file, 'utf8').replace(/\r/g, '');
  const program: Program = {
    pid: child.pid ?? -1,
    exited,
    stdout: read,
    async line(prefix, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const wasEnded = ended;
        const found = read().split('\n').find((l) => l.startsWith(prefix));
        if (found !== undefined) return found;
        if (wasEnded || Date.now() > deadline) {
          throw new Error(`${label}: no line "${prefix}" ${wasEnded ? `before it ended (${how})` : `within ${timeoutMs} ms`}\n${read().slice(-2000)}\n${fs.readFileSync(`${file}.err`, 'utf8').slice(-2000)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async kill() {
      if (!ended) child.kill('SIGKILL');
      await exited;
    },
  };
  if (child.pid !== undefined) running.add(program);
  return program;
}
