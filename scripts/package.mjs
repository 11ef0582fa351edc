// Builds one VSIX per platform into dist-vsix/ (or --out): the production bundles in dist/ with only
// that platform's koffi native file, and what .vscodeignore allows — no node_modules, sources or maps.
//   node scripts/package.mjs [--targets=win32-x64,linux-x64] [--out=DIR]
// The build runs in a private copy of the project, so the development dist/ that tests and `npm start`
// use is never touched while packaging.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureKoffiNatives, koffiNativesDir } from './koffi-natives.mjs';

const root = path.resolve(import.meta.dirname, '..');

/** Every platform Slotpipe ships for: Windows (the Win32 API) and the off-Windows backends. */
export const TARGETS = ['win32-x64', 'win32-arm64', 'linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64'];
/** The marketplace limit we hold ourselves to for the main platform. */
export const WIN32_X64_MAX_BYTES = 2 * 1024 * 1024;

/** Not copied into the build copy: caches, outputs and history (node_modules is linked instead). */
const NOT_STAGED = new Set(['.git', 'node_modules', '.cache', '.vscode-test', 'dist', 'dist-vsix', 'test-results', '.scratch']);

/** koffi's folder for a VS Code target: win32-x64 → win32_x64 (the layout scripts/bundle.mjs loads from). */
export function koffiTriplet(target) {
  return target.replace('-', '_');
}

/**
 * Packages `targets` into `outDir`; returns [{ target, file, bytes }].
 * `log` receives one progress line per step.
 */
export function packageTargets({ targets = TARGETS, outDir = path.join(root, 'dist-vsix'), log = console.log } = {}) {
  for (const target of targets) {
    if (!TARGETS.includes(target)) throw new Error(`unknown target "${target}": expected one of ${TARGETS.join(', ')}`);
  }
  const { version, name } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  fs.mkdirSync(outDir, { recursive: true });
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-package-'));
  const results = [];
  try {
    log(`copying the project into ${stage}`);
    stageProject(stage);
    for (const target of targets) {
      const started = Date.now();
      if (!installedNative(target)) {
        log(`${target}: koffi native package`);
        ensureKoffiNatives([target]);
      }
      log(`${target}: production build`);
      withBuildLinks(stage, () => run(process.execPath, ['esbuild.mjs', '--production', `--targets=${target}`], stage));
      keepOnlyTriplet(path.join(stage, 'dist', 'koffi'), koffiTriplet(target));
      const file = path.join(outDir, `${name}-${target}-${version}.vsix`);
      log(`${target}: vsce package`);
      fs.rmSync(file, { force: true });
      run(process.execPath, [vsceBin(), 'package', '--target', target, '--no-dependencies', '--out', file], stage);
      const bytes = fs.statSync(file).size;
      results.push({ target, file, bytes });
      log(`${target}: ${shownPath(file)} ${formatBytes(bytes)} (${seconds(started)})`);
    }
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
  return results;
}

/**
 * npm installed this machine's own native package next to koffi, so it need not be fetched (two
 * packaging runs at once would race on the cache). A cached copy, if any, is still kept current, since
 * the build copies it after the installed one.
 */
function installedNative(target) {
  return fs.existsSync(path.join(root, 'node_modules', '@koromix', `koffi-${target}`, koffiTriplet(target), 'koffi.node')) &&
    !fs.existsSync(path.join(koffiNativesDir, `koffi-${target}`));
}

/** Copies the project's top level, minus caches and outputs, so new source folders are picked up. */
function stageProject(stage) {
  for (const entry of fs.readdirSync(root)) {
    if (NOT_STAGED.has(entry) || entry.endsWith('.vsix')) continue;
    fs.cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true, verbatimSymlinks: true });
  }
}

/**
 * esbuild.mjs resolves packages and koffi's native packages below its own folder: link the project's
 * node_modules and native cache in for the build, and take them away again so vsce never sees them.
 */
function withBuildLinks(stage, build) {
  const links = [
    [path.join(root, 'node_modules'), path.join(stage, 'node_modules')],
    [path.join(root, '.cache', 'koffi-natives'), path.join(stage, '.cache', 'koffi-natives')],
  ];
  try {
    for (const [target, link] of links) {
      if (!fs.existsSync(target)) continue;
      fs.mkdirSync(path.dirname(link), { recursive: true });
      fs.symlinkSync(target, link, 'junction');
    }
    build();
  } finally {
    // unlink removes the link (a junction on Windows) and never what it points to.
    for (const [, link] of links) if (isLink(link)) fs.unlinkSync(link);
    fs.rmSync(path.join(stage, '.cache'), { recursive: true, force: true });
  }
}

function isLink(file) {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * A native package can carry more than one triplet (koffi-linux-x64 also holds musl_x64, which VS Code
 * ships as the separate alpine-x64 target); keep exactly the one this VSIX is for.
 */
function keepOnlyTriplet(koffiDir, triplet) {
  const wanted = path.join(koffiDir, triplet, 'koffi.node');
  if (!fs.existsSync(wanted)) throw new Error(`the build holds no ${path.relative(path.dirname(koffiDir), wanted)}`);
  for (const entry of fs.readdirSync(koffiDir)) {
    if (entry !== triplet) fs.rmSync(path.join(koffiDir, entry), { recursive: true, force: true });
  }
}

function vsceBin() {
  const bin = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  if (!fs.existsSync(bin)) throw new Error('@vscode/vsce is not installed: run `npm ci` first');
  return bin;
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const output = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`${path.basename(args[0] ?? command)} ${args.slice(1).join(' ')} failed (exit ${result.status}):\n${output}`);
  }
}

function shownPath(file) {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

export function formatBytes(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(0)} KB`;
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function parseArgs(argv) {
  const options = {};
  for (const arg of argv) {
    if (arg.startsWith('--targets=')) options.targets = arg.slice('--targets='.length).split(',').filter(Boolean);
    else if (arg.startsWith('--out=')) options.outDir = path.resolve(arg.slice('--out='.length));
    else throw new Error(`unknown argument "${arg}"; usage: node scripts/package.mjs [--targets=win32-x64,...] [--out=DIR]`);
  }
  return options;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  try {
    const results = packageTargets({ ...parseArgs(process.argv.slice(2)), log: (line) => console.log(`package: ${line}`) });
    console.log('');
    for (const { target, file, bytes } of results) console.log(`${target.padEnd(13)} ${formatBytes(bytes).padStart(9)}  ${path.basename(file)}`);
    console.log(`${results.length} VSIX in ${seconds(started)}`);
    const win32 = results.find((r) => r.target === 'win32-x64');
    if (win32 && win32.bytes > WIN32_X64_MAX_BYTES) {
      console.error(`win32-x64 VSIX is ${formatBytes(win32.bytes)}, over the ${formatBytes(WIN32_X64_MAX_BYTES)} limit`);
      process.exit(1);
    }
  } catch (err) {
    console.error(`package: ${err.message}`);
    process.exit(1);
  }
}
