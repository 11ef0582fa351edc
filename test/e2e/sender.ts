/** Sends traffic from a separate process: Slotpipe's own command line, as a user would. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './code-server';

/** Runs `slotpipe send ...` with the given environment; resolves with its output, rejects on failure. */
export function slotpipeSend(args: string[], env: Record<string, string>): Promise<string> {
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'send', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`slotpipe send ${args.join(' ')} failed (${signal ?? code}):\n${output}`));
    });
  });
}
