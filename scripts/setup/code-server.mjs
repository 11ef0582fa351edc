// code-server 4.100.3 (VS Code 1.100.3, the newest that runs on Node 20) in .vscode-test/code-server/,
// for the VS Code integration tests and `npm start`. Its npm postinstall does not work offline-ish machines
// (it downloads ripgrep and runs node-gyp through npx), so the same steps are done here one by one.
// Idempotent: a stamp file names the installed version.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { run } from './step.mjs';

export const title = 'code-server';
export const purposes = ['test', 'start'];
export const CODE_SERVER_VERSION = '4.100.3';

const root = path.resolve(import.meta.dirname, '../..');
export const installDir = path.join(root, '.vscode-test', 'code-server');
const packageDir = path.join(installDir, 'node_modules', 'code-server');
const stamp = path.join(installDir, '.installed');

/** The code-server entry script (run it with this Node). */
export const codeServerEntry = path.join(packageDir, 'out', 'node', 'entry.js');

export function isInstalled() {
  return fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === CODE_SERVER_VERSION && fs.existsSync(codeServerEntry);
}

export async function ensure() {
  // VS Code desktop is used on Windows and macOS (@vscode/test-electron); code-server is the Linux stand-in.
  if (process.platform !== 'linux') return 'not Linux, skipped (VS Code desktop is used here)';
  if (isInstalled()) return `${CODE_SERVER_VERSION} present`;
  const ripgrep = findRipgrep();
  fs.rmSync(installDir, { recursive: true, force: true });
  fs.mkdirSync(installDir, { recursive: true });
  const env = npmEnv();
  const npm = (args, cwd) => run('npm', [...args, '--no-audit', '--no-fund'], { cwd, env });

  fs.writeFileSync(path.join(installDir, 'package.json'), JSON.stringify({ name: 'slotpipe-code-server', private: true }));
  npm(['install', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], installDir);
  npm(['rebuild', 'argon2'], installDir);

  const vscodeDir = path.join(packageDir, 'lib', 'vscode');
  npm(['install', '--ignore-scripts', '--omit=dev'], vscodeDir);
  // @vscode/ripgrep's postinstall downloads a binary; the system's rg does the same job.
  const rgBin = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  fs.mkdirSync(rgBin, { recursive: true });
  fs.copyFileSync(ripgrep, path.join(rgBin, 'rg'));
  fs.chmodSync(path.join(rgBin, 'rg'), 0o755);
  // Compiles node-pty, spdlog, kerberos and native-watchdog (node-pty runs `npx node-gyp`).
  run('npm', ['rebuild', '--foreground-scripts'], { cwd: vscodeDir, env: { ...env, npm_config_yes: 'true' } });

  // The remaining steps of code-server's postinstall.sh.
  relink(path.join(vscodeDir, 'node_modules.asar'), 'node_modules');
  relink(path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'), 'code-linux.sh');
  relink(path.join(vscodeDir, 'bin', 'helpers', 'browser.sh'), 'browser-linux.sh');
  npm(['install', '--omit=dev'], path.join(vscodeDir, 'extensions'));

  fs.writeFileSync(stamp, `${CODE_SERVER_VERSION}\n`);
  return `${CODE_SERVER_VERSION} installed`;
}

function findRipgrep() {
  for (const candidate of ['/usr/bin/rg', '/usr/local/bin/rg']) if (fs.existsSync(candidate)) return candidate;
  throw new Error('ripgrep (rg) is missing; install the Debian package "ripgrep"');
}

/** A global prefix inherited from the caller would send the nested installs elsewhere. */
function npmEnv() {
  const env = { ...process.env, npm_config_unsafe_perm: 'true' };
  for (const key of Object.keys(env)) {
    if (/^npm_config_(global|prefix)$/i.test(key)) delete env[key];
  }
  return env;
}

function relink(linkPath, target) {
  fs.mkdirSync(path.dirname(linkPath), { recursive: true });
  fs.rmSync(linkPath, { force: true, recursive: false });
  fs.symlinkSync(target, linkPath);
}

/** Where code-server keeps everything for one `home`: the folders its command line names, and its XDG environment. */
export function codeServerFolders(home) {
  return {
    userData: path.join(home, 'user-data'),
    extensionsDir: path.join(home, 'extensions'),
    env: {
      XDG_CONFIG_HOME: path.join(home, 'xdg-config'),
      XDG_DATA_HOME: path.join(home, 'xdg-data'),
      XDG_CACHE_HOME: path.join(home, 'xdg-cache'),
    },
  };
}

/**
 * Runs one code-server command (such as --install-extension or --list-extensions) on the folders
 * launchCodeServer uses for the same `home`; returns what it printed, or throws with it when it fails.
 */
export function runCodeServerCommand({ home, args, env = {}, timeout = 120_000 }) {
  const folders = codeServerFolders(home);
  const result = spawnSync(process.execPath, [
    codeServerEntry, '--user-data-dir', folders.userData, '--extensions-dir', folders.extensionsDir, ...args,
  ], { env: { ...process.env, ...folders.env, ...env }, encoding: 'utf8', timeout });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) throw new Error(`code-server ${args.join(' ')} failed (${result.status ?? result.error?.message ?? result.signal}):\n${output}`);
  return output;
}

/**
 * Starts the installed code-server fully isolated: its config, user data, extensions and XDG folders
 * below `home`, on a free loopback port, in its own process group (its extension hosts outlive the
 * browser for hours otherwise; `stop()` kills the whole group).
 *   home        everything code-server writes goes below this folder
 *   userSettings  the User/settings.json
 *   trust       false = Workspace Trust enabled (folders start untrusted); default disables it
 *   env         extra environment for the server and its extension host
 *   folder      the folder opened by default
 *   stdio       'pipe' (default: collected for log()) or 'inherit'
 */
export async function launchCodeServer({ home, userSettings = {}, trust = true, env = {}, folder, stdio = 'pipe' }) {
  if (!isInstalled()) throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed; run "node scripts/setup.mjs test"`);
  const { userData, extensionsDir, env: folderEnv } = codeServerFolders(home);
  const config = path.join(home, 'config.yaml');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(config, 'auth: none\n');
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
  const port = await freePort();
  const args = [
    codeServerEntry, '--config', config, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--user-data-dir', userData, '--extensions-dir', extensionsDir, '--bind-addr', `127.0.0.1:${port}`,
    ...(trust ? ['--disable-workspace-trust'] : []),
    ...(folder ? [folder] : []),
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...folderEnv, ...env },
    detached: true,
    stdio: stdio === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const server = {
    port,
    origin: `http://127.0.0.1:${port}`,
    pid: child.pid,
    log: () => output,
    /** Kills the server's process group (server, extension hosts, watchers) and waits for the server. */
    async stop() {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch (err) {
        if (err.code !== 'ESRCH') throw err;
      }
      if (child.exitCode === null && child.signalCode === null) await exited;
    },
  };
  try {
    await waitUntilServing(server, child);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

async function freePort() {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(server, child) {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${server.log()}`);
    try {
      if ((await fetch(`${server.origin}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer on ${server.origin} within 60 s:\n${server.log()}`);
}
