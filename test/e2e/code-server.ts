/**
 * code-server for the e2e tests: the project's shared launcher (scripts/setup/code-server.mjs, which
 * isolates it under `home` and kills its whole process group on stop) plus installing a .vsix first.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { codeServerEntry, isInstalled, launchCodeServer, type RunningCodeServer } from '../../scripts/setup/code-server.mjs';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

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
  log(): string;
  stop(): Promise<void>;
}

export function codeServerInstalled(): boolean {
  return isInstalled();
}

/** Installs into the folders launchCodeServer uses for the same `home`. */
function installExtension(home: string, vsix: string, env: Record<string, string>): void {
  const result = spawnSync(process.execPath, [
    codeServerEntry, '--user-data-dir', path.join(home, 'user-data'), '--extensions-dir', path.join(home, 'extensions'),
    '--install-extension', vsix,
  ], {
    env: {
      ...process.env,
      XDG_CONFIG_HOME: path.join(home, 'xdg-config'), XDG_DATA_HOME: path.join(home, 'xdg-data'), XDG_CACHE_HOME: path.join(home, 'xdg-cache'),
      ...env,
    },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`installing ${vsix} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const env = options.env ?? {};
  for (const vsix of options.extensions) installExtension(options.home, vsix, env);
  const server: RunningCodeServer = await launchCodeServer({ home: options.home, userSettings: options.settings, trust: true, env, folder: options.workspace });
  return {
    url: `${server.origin}/?folder=${encodeURIComponent(options.workspace)}`,
    log: () => server.log(),
    stop: () => server.stop(),
  };
}
