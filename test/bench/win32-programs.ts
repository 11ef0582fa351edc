/** The Win32 programs of the benchmarks: the C baseline peers and Slotpipe's driver in Windows Node.js. */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { buildBenchDriver } from './build-win32-driver.mjs';
import { repoRoot, resultOf, startPeer, startWinNode, type Program, type StartOptions } from './processes';

export function benchMailslot(area: string): string {
  return `\\\\.\\mailslot\\slotpipe\\bench_${area}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export function benchPipe(area: string): string {
  return `\\\\.\\pipe\\slotpipe-bench-${area}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

let driver: Promise<string> | undefined;

/** Starts a scenario of test/bench/win32-driver.ts and waits until its endpoints exist. */
export async function startDriver(scenario: string, args: unknown, nodeOptions: string[] = [], options: StartOptions = {}): Promise<Program> {
  const script = path.relative(repoRoot, await (driver ??= buildBenchDriver()));
  const program = await startWinNode([...nodeOptions, script, scenario, JSON.stringify(args)], options);
  await program.line('{"ready"', 60_000);
  return program;
}

export async function driverResult<T>(program: Program): Promise<T> {
  return resultOf<T>(program);
}

/** `DONE <messages> <bytes> <ns> [<cpu ns>]` of bench_recv / bench_send. */
export interface Done {
  messages: number;
  bytes: number;
  ns: number;
  /** bench_recv: CPU its process used from READY to DONE. */
  cpuNs: number;
}

export function parseDone(line: string): Done {
  const [, messages, bytes, ns, cpuNs] = line.split(' ').map(Number);
  return { messages, bytes, ns, cpuNs };
}

/** Starts bench_recv and waits for READY. */
export async function startReceiver(args: string[], options: StartOptions = {}): Promise<Program> {
  const receiver = await startPeer('bench_recv', args, options);
  await receiver.line('READY', 60_000);
  return receiver;
}

/** Runs bench_send to its end; returns its DONE line. */
export async function runSender(args: string[], options: StartOptions = {}): Promise<Done> {
  const sender = await startPeer('bench_send', args, options);
  const done = parseDone(await sender.line('DONE', 300_000));
  await sender.exited;
  return done;
}
