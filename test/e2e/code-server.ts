/**
 * Starts code-server (installed by scripts/setup/code-server.mjs into .vscode-test/code-server/) fully
 * isolated: its own config, user data, extensions and XDG folders under one temp dir, bound to a free
 * loopback port, in its own process group so stopping it also ends the extension host it spawned.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
const entry = path.join(repoRoot, '.vscode-test/code-server/node_modules/code-server/out/node/entry.js');

export interface CodeServerOptions {
  /** Everything code-server writes goes below this folder. */
  home: string;
  /** The folder opened in the workbench. */
  workspace: string;
  /** .vsix files installed before start. */
  extensions: string[];
  /** User settings (settings.json). */
  settings: Record<string, unknown>;
  /** Extra environment for the server and its extension host (e.g. TMPDIR for Unix-socket pipes). */
  env?: Record<string, string>;
}

export interface CodeServer {
  url: string;
  /** The server's log so far (stdout and stderr), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export function codeServerInstalled(): boolean {
  return fs.existsSync(entry);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function isolatedEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(home, 'xdg-config'),
    XDG_DATA_HOME: path.join(home, 'xdg-data'),
    XDG_CACHE_HOME: path.join(home, 'xdg-cache'),
    ...extra,
  };
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  if (!codeServerInstalled()) throw new Error(`code-server is not installed at ${entry}; run "node scripts/setup.mjs test"`);
  const { home } = options;
  const userData = path.join(home, 'user-data');
  const extensionsDir = path.join(home, 'extensions');
  const config = path.join(home, 'config.yaml');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(config, 'auth: none\n');
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(options.settings, null, 2));
  const env = isolatedEnv(home, options.env);
  const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensionsDir];

  for (const vsix of options.extensions) {
    const result = spawnSync(process.execPath, [entry, ...common, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120_000 });
    if (result.status !== 0) throw new Error(`installing ${vsix} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }

  const port = await freePort();
  const child = spawn(process.execPath, [
    entry, ...common, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--bind-addr', `127.0.0.1:${port}`, options.workspace,
  ], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const server: CodeServer = {
    url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(options.workspace)}`,
    log: () => output,
    stop: () => stopGroup(child),
  };
  try {
    await waitForHttp(port, child, () => output);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** Kills the whole process group (server, extension host, file watcher) and waits for the server to go. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    killGroup(child.pid);
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child.pid);
  await exited;
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

async function waitForHttp(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer on port ${port} within 60 s:\n${log()}`);
}
