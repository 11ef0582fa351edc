/** What the suites share: the extension's API, waiting for a condition, peer processes, unique names. */
import * as vscode from 'vscode';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import type { SlotpipeApi } from '../../../extension/ui/extension-api';
import type { TrafficMessage } from '../../../extension/core/message';
import { errorMessage } from '../../../extension/core/error-message';

export const EXTENSION_ID = 'slotpipe.slotpipe';

export async function slotpipe(): Promise<SlotpipeApi> {
  const extension = vscode.extensions.getExtension<SlotpipeApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const api = extension.isActive ? extension.exports : await extension.activate();
  await api.ready;
  return api;
}

/** Polls until `check` returns a value (not undefined/false); fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? ` (last error: ${errorMessage(lastError)})` : ''}`);
}

/** A name no parallel run uses. */
export function uniqueName(area: string): string {
  return `slotpipe-vscode-${area}-${crypto.randomBytes(4).toString('hex')}`;
}

/** A free UDP port on loopback (bound and released). */
export async function freeUdpPort(): Promise<number> {
  const dgram = await import('node:dgram');
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

const fixtures = path.resolve(__dirname, '..', 'fixtures');

export interface Peer {
  process: ChildProcess;
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  kill(): Promise<void>;
}

/** Starts a peer program (a separate Node process) from the staged fixtures. */
export function startPeer(name: 'send-messages' | 'pipe-echo', args: string[]): Peer {
  const child = spawn(process.execPath, [path.join(fixtures, `${name}.js`), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    output: () => output,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Runs `send-messages` to completion; throws with its output when it fails. */
export async function sendFromAnotherProcess(endpoint: string, payloads: Uint8Array[], netbios?: { port: number; to: string }): Promise<void> {
  const args = [endpoint, ...payloads.map((p) => Buffer.from(p).toString('hex'))];
  if (netbios) args.push('--port', String(netbios.port), '--to', netbios.to);
  const peer = startPeer('send-messages', args);
  const code = await peer.exited;
  if (code !== 0) throw new Error(`send-messages exited ${code}: ${peer.output()}`);
}

export function messagesOf(api: SlotpipeApi, watcherId: string): TrafficMessage[] {
  const stats = api.services.log.stats();
  return api.services.log.range(stats.firstSeq, stats.count).filter((m) => m.watcherId === watcherId);
}

export async function setWatchers(watchers: unknown[], target = vscode.ConfigurationTarget.Workspace): Promise<void> {
  await vscode.workspace.getConfiguration('slotpipe').update('watchers', watchers, target);
}

export function text(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

export function bytesOf(value: string): Uint8Array {
  return new TextEncoder().encode(value);
}
