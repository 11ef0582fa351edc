/**
 * code-server for the e2e tests: the project's shared launcher (scripts/setup/code-server.mjs, which
 * isolates it under `home` and kills its whole process group on stop) plus installing a .vsix first.
 */
import path from 'node:path';
import { isInstalled, launchCodeServer, runCodeServerCommand, type RunningCodeServer } from '../../scripts/setup/code-server.mjs';

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

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const env = options.env ?? {};
  for (const vsix of options.extensions) runCodeServerCommand({ home: options.home, args: ['--install-extension', vsix], env });
  const server: RunningCodeServer = await launchCodeServer({ home: options.home, userSettings: options.settings, trust: true, env, folder: options.workspace });
  return {
    url: `${server.origin}/?folder=${encodeURIComponent(options.workspace)}`,
    log: () => server.log(),
    stop: () => server.stop(),
  };
}
