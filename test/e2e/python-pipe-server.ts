/**
 * The Python echo server (test/fixtures/peers/echo_server.py) on the Unix socket of a pipe name in the
 * extension host's pipe folder, as a program serving a pipe off Windows: its output is followed so a test
 * can wait for READY, CONNECTED and REPLIED lines.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './code-server';
import { waitUntil } from './workbench-session';

export interface PythonPipeServer {
  /** The socket file: `<pipeDir>/CoreFxPipe_<name>`. */
  socket: string;
  output(): string;
  stop(): void;
}

export async function startPythonPipeServer(pipeDir: string, pipeName: string, replyDelayMs: number): Promise<PythonPipeServer> {
  const socket = path.join(pipeDir, `CoreFxPipe_${pipeName}`);
  const child = spawn('python3', [path.join(repoRoot, 'test/fixtures/peers/echo_server.py'), socket, String(replyDelayMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  await waitUntil(() => output.includes('READY'), () => `the Python pipe server to listen (${output})`);
  return { socket, output: () => output, stop: () => child.kill() };
}
