/**
 * What the Win32 tests use to start Windows programs: the Windows node.exe and the C peers of
 * test/win32/peers/. On Linux they run under Wine in Slotpipe's private prefix (scripts/setup/wine.mjs);
 * on Windows they run directly. The tests themselves run in the host's node.
 *
 * Output goes to files, never to pipes: under Wine a Linux pipe as stdout kills node.exe (EBADF), and a
 * wineserver started by the program would inherit the pipe and hold it open. The files are followed
 * as they grow, so a test can wait for the line it expects. Everything started is killed when the test
 * file ends, also when it fails.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { after } from 'node:test';
import { prepareWine, winExeCommand, winNodeCommand, wineInstalled, windowsPath, type CommandLine } from '../../scripts/wine.mjs';
import { compilerInstalled, ensure as buildPeers, peerExe, peerNames } from '../../scripts/setup/peers.mjs';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** The C peers (test/win32/peers/<name>.c); their options and output lines are described in each file. */
export type PeerName = 'sms_recv' | 'sms_send' | 'pipe_server' | 'pipe_client' | 'ms_server' | 'ms_client' | 'echo_server' | 'echo_client';

const DEFAULT_TIMEOUT_MS = 30_000;
const POLL_MS = 15;

/** Why Win32 tests cannot run here, or false when they can: use as `test(name, { skip: winSkip }, ...)`. */
export const winSkip: string | false =
  process.platform === 'win32' ? false
  : process.platform !== 'linux' ? `Win32 tests need Windows, or Wine on Linux (this is ${process.platform})`
  : !wineInstalled() ? 'Wine is not installed (Debian packages wine64 and wine); run `npm run setup`'
  : !compilerInstalled() ? 'mingw-w64 is not installed (Debian package mingw-w64), so the C peers cannot be built; run `npm run setup`'
  : false;

/** True on Windows, and on Linux with Wine installed. */
export function winAvailable(): boolean {
  return winSkip === false;
}

/** Under Wine: true. Use it to mark expectations that only hold under Wine (or only on real Windows). */
export const underWine = process.platform !== 'win32';

/** A name no other test run uses: `<prefix>_<pid>_<random>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** `\\.\mailslot\slotpipe\<unique>`: the only mailslot form Wine supports. */
export function uniqueMailslot(prefix: string): string {
  return `\\\\.\\mailslot\\slotpipe\\${uniqueName(prefix)}`;
}

/** `\\.\pipe\slotpipe-<unique>` */
export function uniquePipe(prefix: string): string {
  return `\\\\.\\pipe\\slotpipe-${uniqueName(prefix)}`;
}

/** A path of this machine as the Windows programs see it (for arguments such as --file). */
export function winPath(hostPath: string): string {
  return process.platform === 'win32' ? path.resolve(hostPath) : windowsPath(hostPath);
}

export interface WinSpawnOptions {
  /** Working directory; default the repository. */
  cwd?: string;
  /** Added to the environment. */
  env?: Record<string, string>;
  /** 'pipe' gives the process a stdin the test writes to (node.exe reads it through the stdio shim). */
  stdin?: 'ignore' | 'pipe';
  /** Resolve only once this stdout line came (e.g. 'READY': the peer's endpoint exists); it counts as read. */
  ready?: LineMatch;
}

export interface WinExit {
  /** Exit code; null when it was killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Asserts that a program exited with 0; the message gives its code, signal and the end of both its outputs. */
export function assertExitedCleanly(exit: WinExit): void {
  assert.equal(exit.code, 0, `exit code ${exit.code}${exit.signal ? `, signal ${exit.signal}` : ''}\n--- stdout ---\n${tail(exit.stdout)}\n--- stderr ---\n${tail(exit.stderr)}`);
}

export type LineMatch = string | RegExp | ((line: string) => boolean);

export interface WinProcess {
  /** The host's process id (under Wine: the Linux process that is the Windows program). */
  readonly pid: number;
  /** Present with `stdin: 'pipe'`. */
  readonly stdin: Writable | null;
  /** Settles when the program ends. */
  readonly exited: Promise<WinExit>;
  /** Everything written to stdout / stderr so far. */
  stdout(): string;
  stderr(): string;
  /** The complete stdout lines so far. */
  lines(): string[];
  /**
   * The next stdout line matching (a string matches a line starting with it), after the lines
   * earlier calls returned; lines in between are passed over. Rejects, with the output so far, when the
   * program ends without one or after timeoutMs.
   */
  nextLine(match?: LineMatch, timeoutMs?: number): Promise<string>;
  /** The next `count` matching lines, as nextLine. */
  nextLines(count: number, match?: LineMatch, timeoutMs?: number): Promise<string[]>;
  /** Kills the program for certain (SIGKILL; under Wine the Windows process dies with it) and waits for its end. */
  kill(): Promise<WinExit>;
}

/** Starts Windows node.exe with these arguments (e.g. ['dist/cli.js', 'watch', name, '--json']). */
export async function spawnWinNode(args: string[], options: WinSpawnOptions = {}): Promise<WinProcess> {
  await prepare();
  return whenReady(start(winNodeCommand(args), options, `node ${args.join(' ')}`), options);
}

/** Runs node.exe to its end; kills it and rejects after timeoutMs. */
export async function runWinNode(args: string[], options: WinSpawnOptions & { timeoutMs?: number } = {}): Promise<WinExit> {
  return runToEnd(await spawnWinNode(args, options), options.timeoutMs);
}

/** Starts a C peer with these arguments. */
export async function spawnPeer(name: PeerName, args: string[], options: WinSpawnOptions = {}): Promise<WinProcess> {
  await prepare();
  if (!peerNames().includes(name)) throw new Error(`no peer program "${name}" in test/win32/peers/`);
  return whenReady(start(winExeCommand(peerExe(name), args), options, `${name} ${args.join(' ')}`), options);
}

async function whenReady(proc: WinProcess, options: WinSpawnOptions): Promise<WinProcess> {
  if (options.ready !== undefined) await proc.nextLine(options.ready);
  return proc;
}

/** Runs a C peer to its end; kills it and rejects after timeoutMs. */
export async function runPeer(name: PeerName, args: string[], options: WinSpawnOptions & { timeoutMs?: number } = {}): Promise<WinExit> {
  return runToEnd(await spawnPeer(name, args, options), options.timeoutMs);
}

/** Kills every program this file started that is still running (also done when the file ends). */
export async function killAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.kill()));
}

// ---------------------------------------------------------------------------------------------------

const running = new Set<WinProcess>();
let outputDir: string | undefined;
let prepared: Promise<void> | undefined;
let spawnCount = 0;

/** Once per test file: the prefix set up and its wineserver warm, the peers built. */
function prepare(): Promise<void> {
  if (winSkip) return Promise.reject(new Error(winSkip));
  prepared ??= (async () => {
    await prepareWine();
    await buildPeers();
  })();
  return prepared;
}

after(async () => {
  await killAll();
  if (outputDir) fs.rmSync(outputDir, { recursive: true, force: true });
});
// If the test process itself goes down, take the Windows programs with it.
process.on('exit', () => {
  for (const p of running) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

function start(commandLine: CommandLine, options: WinSpawnOptions, label: string): WinProcess {
  outputDir ??= makeOutputDir();
  const base = path.join(outputDir, `${++spawnCount}`);
  const stdoutFile = new GrowingFile(`${base}.out`);
  const stderrFile = new GrowingFile(`${base}.err`);
  const child = spawn(commandLine.command, commandLine.args, {
    cwd: options.cwd ?? repoRoot,
    env: { ...commandLine.env, ...options.env },
    stdio: [options.stdin ?? 'ignore', stdoutFile.writeFd, stderrFile.writeFd],
  });
  stdoutFile.closeWriter();
  stderrFile.closeWriter();

  let ended: WinExit | undefined;
  const exited = new Promise<WinExit>((resolve, reject) => {
    child.on('error', (err) => reject(new Error(`${label}: could not start: ${err.message}`)));
    child.on('exit', (code, signal) => {
      // End of input for anything still reading it (node.exe's stdin helper outlives a killed node.exe).
      child.stdin?.destroy();
      ended = { code, signal, stdout: stdoutFile.finish(), stderr: stderrFile.finish() };
      reportWineHeap(label, ended.stderr);
      running.delete(proc);
      resolve(ended);
    });
  });
  exited.catch(() => {});

  let cursor = 0;
  const describe = () =>
    `${label}\n--- stdout ---\n${tail(stdoutFile.read())}\n--- stderr ---\n${tail(stderrFile.read())}`;

  const nextLines = async (count: number, match: LineMatch = () => true, timeoutMs = DEFAULT_TIMEOUT_MS) => {
    const test = matcher(match);
    const deadline = Date.now() + timeoutMs;
    const found: string[] = [];
    for (;;) {
      const finished = ended !== undefined; // read after this, so no line written before the end is missed
      const lines = completeLines(stdoutFile.read(), finished);
      while (cursor < lines.length && found.length < count) {
        const line = lines[cursor++];
        if (test(line)) found.push(line);
      }
      if (found.length === count) return found;
      if (finished) {
        throw new Error(`exited (code ${ended!.code}${ended!.signal ? `, ${ended!.signal}` : ''}) with ${found.length} of ${count} lines matching ${String(match)}: ${describe()}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`no ${count - found.length} more lines matching ${String(match)} within ${timeoutMs} ms: ${describe()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };

  const proc: WinProcess = {
    pid: child.pid ?? -1,
    stdin: child.stdin,
    exited,
    stdout: () => stdoutFile.read(),
    stderr: () => stderrFile.read(),
    lines: () => completeLines(stdoutFile.read(), ended !== undefined),
    nextLines,
    nextLine: async (match, timeoutMs) => (await nextLines(1, match, timeoutMs))[0],
    kill: async () => {
      if (!ended) child.kill('SIGKILL');
      return exited;
    },
  };
  if (child.pid !== undefined) running.add(proc);
  return proc;
}

/**
 * Under `npm run test:wine-heap` (Wine's heap checks on), the heap channel's lines a program wrote go to
 * the log the runner names, which fails the run; the tests themselves go on as usual.
 */
function reportWineHeap(label: string, stderr: string): void {
  const log = process.env.SLOTPIPE_WINE_HEAP_LOG;
  if (!log) return;
  const lines = stderr.split('\n').filter((line) => /^[0-9a-f]+:(?:warn|err):heap:/.test(line));
  if (lines.length) fs.appendFileSync(log, `${label}\n${lines.map((line) => `  ${line}`).join('\n')}\n`);
}

/** A folder for this test process's output files; those of test processes that died unclean go. */
function makeOutputDir(): string {
  for (const entry of fs.readdirSync(os.tmpdir())) {
    const owner = /^slotpipe-win32-(\d+)-/.exec(entry)?.[1];
    if (owner && !processAlive(Number(owner))) fs.rmSync(path.join(os.tmpdir(), entry), { recursive: true, force: true });
  }
  return fs.mkdtempSync(path.join(os.tmpdir(), `slotpipe-win32-${process.pid}-`));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function runToEnd(proc: WinProcess, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<WinExit> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void proc.kill();
      reject(new Error(`did not end within ${timeoutMs} ms; killed.\n--- stdout ---\n${tail(proc.stdout())}\n--- stderr ---\n${tail(proc.stderr())}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([proc.exited, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** An output file the child writes and the test reads while it grows. */
class GrowingFile {
  readonly writeFd: number;
  private text = '';
  private readonly decoder = new TextDecoder();
  private readonly readFd: number;
  private readonly chunk = Buffer.alloc(64 * 1024);
  private finished = false;

  constructor(file: string) {
    this.writeFd = fs.openSync(file, 'w');
    this.readFd = fs.openSync(file, 'r');
  }

  /** The child has its own copy of the descriptor once spawned. */
  closeWriter(): void {
    fs.closeSync(this.writeFd);
  }

  /** Reads what is left and lets go of the file; later reads return the final text. */
  finish(): string {
    const text = this.read();
    fs.closeSync(this.readFd);
    this.finished = true;
    return text;
  }

  read(): string {
    if (this.finished) return this.text;
    for (;;) {
      const n = fs.readSync(this.readFd, this.chunk, 0, this.chunk.length, null);
      if (n === 0) return this.text;
      this.text += this.decoder.decode(this.chunk.subarray(0, n), { stream: true });
    }
  }
}

/** Lines ended by a newline (Windows programs may end them with \r\n); the unfinished last one only once the program ended. */
function completeLines(text: string, finished: boolean): string[] {
  const parts = text.split('\n');
  const last = parts.pop()!;
  if (finished && last !== '') parts.push(last);
  return parts.map((line) => line.replace(/\r$/, ''));
}

function matcher(match: LineMatch): (line: string) => boolean {
  if (typeof match === 'string') return (line) => line.startsWith(match);
  if (match instanceof RegExp) return (line) => match.test(line);
  return match;
}

function tail(text: string, max = 4000): string {
  return text.length > max ? `...${text.slice(-max)}` : text;
}
