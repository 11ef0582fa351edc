// code-server 4.100.3 (VS Code 1.100.3, the newest that runs on Node 20) in .vscode-test/code-server/,
// for the VS Code integration tests and `npm start`. Its npm postinstall does not work offline-ish machines
// (it downloads ripgrep and runs node-gyp through npx), so the same steps are done here one by one.
// Idempotent: a stamp file names the installed version.
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
