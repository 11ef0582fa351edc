// Runs the Windows build of Node.js under Wine with Slotpipe's private prefix; plain node on Windows.
//   npm run wine -- dist/cli.js watch \\.\mailslot\x --count 1 --json
//   npm run wine -- --stop-wineserver      (ends our prefix's wineserver and every program in it)
// The repository is the working directory; the exit code of the Windows program is passed through.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensure, wine, wineEnv, wineReady, windowsPath, wineInstalled, startWineserver, stopWineserver } from './setup/wine.mjs';

const root = path.resolve(import.meta.dirname, '..');
const WINE64 = '/usr/lib/wine/wine64';

/** The command line that runs Windows node.exe with these arguments (stdio made safe for Linux pipes). */
export function winNodeCommand(nodeArgs) {
  if (process.platform === 'win32') return { command: process.execPath, args: nodeArgs, env: { ...process.env } };
  return { command: WINE64, args: [wine.nodeExe, '-r', windowsPath(wine.stdioShim), ...nodeArgs], env: wineEnv() };
}

/** The command line that runs a Windows program (a .exe) with these arguments. */
export function winExeCommand(exe, exeArgs) {
  if (process.platform === 'win32') return { command: exe, args: exeArgs, env: { ...process.env } };
  return { command: WINE64, args: [exe, ...exeArgs], env: wineEnv() };
}

/** Sets up the prefix when it is missing, and keeps its wineserver warm. */
export async function prepareWine() {
  if (process.platform === 'win32') return;
  if (!wineReady()) await ensure();
  startWineserver();
}

export { stopWineserver, windowsPath, wineInstalled };

async function main(args) {
  if (args[0] === '--stop-wineserver') {
    if (process.platform !== 'win32') console.log(stopWineserver() ? 'wineserver stopped' : 'no wineserver was running');
    return 0;
  }
  await prepareWine();
  const { command, args: commandArgs, env } = winNodeCommand(args);
  const child = spawn(command, commandArgs, { cwd: root, env, stdio: 'inherit' });
  // Ctrl+C reaches the child through the terminal; a plain `kill` of this runner is passed on.
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  process.on('SIGINT', () => {});
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? 128 + (os.constants.signals[signal] ?? 0)));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`wine: ${err.message ?? err}`);
      process.exit(1);
    },
  );
}
