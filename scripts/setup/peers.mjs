// The C peer programs of the Win32 tests (test/win32/peers/*.c, the seed article's programs made
// scriptable), built with mingw-w64 into .cache/peers/<name>.exe; a program is rebuilt only when one
// of its sources is newer than its .exe. On Windows a mingw-w64 gcc on PATH is used the same way.
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

export const title = 'C peer programs';
export const purposes = ['test'];

const root = path.resolve(import.meta.dirname, '../..');
const sources = path.join(root, 'test/win32/peers');
const shared = path.join(sources, 'common');
export const peersDir = path.join(root, '.cache/peers');

/** The compiler: the cross compiler on Linux, mingw-w64's own gcc on Windows. */
const CC = process.platform === 'win32' ? 'gcc' : 'x86_64-w64-mingw32-gcc';
const COMPILER_HINT = process.platform === 'win32'
  ? 'put a mingw-w64 gcc on PATH (e.g. from MSYS2: pacman -S mingw-w64-x86_64-gcc)'
  : 'install the Debian package mingw-w64';

/** Whether the compiler is there; without it the peers cannot be built. */
export function compilerInstalled() {
  return spawnSync(CC, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Every program: one .c file each in test/win32/peers/, all sharing common/. */
export function peerNames() {
  return fs.readdirSync(sources).filter((f) => f.endsWith('.c')).map((f) => f.slice(0, -2)).sort();
}

export function peerExe(name) {
  return path.join(peersDir, `${name}.exe`);
}

export async function ensure() {
  if (process.platform !== 'linux' && process.platform !== 'win32') return 'not Linux or Windows, skipped';
  const sharedFiles = fs.readdirSync(shared).map((f) => path.join(shared, f));
  const stale = peerNames().filter((name) => {
    const exe = peerExe(name);
    if (!fs.existsSync(exe)) return true;
    const built = fs.statSync(exe).mtimeMs;
    return [path.join(sources, `${name}.c`), ...sharedFiles].some((file) => fs.statSync(file).mtimeMs > built);
  });
  if (!stale.length) return 'up to date';
  const objects = path.join(peersDir, 'obj');
  fs.mkdirSync(objects, { recursive: true });
  // The shared code is compiled once; each program is then one compile-and-link against it.
  const sharedObjects = await Promise.all(sharedFiles.filter((f) => f.endsWith('.c'))
    .map((file) => gcc(['-c', file], path.join(objects, `${path.basename(file, '.c')}.o`))));
  await Promise.all(stale.map((name) => gcc([path.join(sources, `${name}.c`), ...sharedObjects], peerExe(name))));
  return `built ${stale.join(' ')}`;
}

/** Runs the compiler; the output is renamed into place only when whole, so a failed build never looks up to date. */
function gcc(inputs, output) {
  const partial = output.replace(/(\.\w+)$/, '.partial$1');
  const linking = !inputs.includes('-c');
  // Winsock for the TCP side of the discovery server (common/ping_server.c is linked into every program).
  const args = ['-O2', '-static', '-std=c11', '-Wall', '-Wextra', '-Werror', '-D_WIN32_WINNT=0x0A00',
    `-I${shared}`, '-o', partial, ...inputs, ...(linking ? ['-lws2_32'] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(CC, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let said = '';
    child.stdout.on('data', (d) => (said += d));
    child.stderr.on('data', (d) => (said += d));
    child.on('error', (err) => reject(err.code === 'ENOENT' ? new Error(`${CC} not found: ${COMPILER_HINT}`) : err));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`building ${path.basename(output)} failed:\n${said.trim()}`));
      fs.renameSync(partial, output);
      resolve(output);
    });
  });
}
