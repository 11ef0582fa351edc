// koffi's native code for other platforms than this one (a plain install only fetches this machine's
// package). Each `@koromix/koffi-<target>` of the installed koffi version is unpacked into
// .cache/koffi-natives/koffi-<target>/<triplet>/koffi.node, where esbuild.mjs picks it up for dist/koffi/.
//   node scripts/koffi-natives.mjs win32-x64 win32-arm64 linux-x64 darwin-arm64
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
export const koffiNativesDir = path.join(root, '.cache/koffi-natives');

/** The version of koffi in node_modules: the native package must match it exactly. */
export function installedKoffiVersion() {
  const manifest = path.join(root, 'node_modules/koffi/package.json');
  if (!fs.existsSync(manifest)) throw new Error('koffi is not installed: run `npm ci` first');
  return JSON.parse(fs.readFileSync(manifest, 'utf8')).version;
}

/** Unpacks the native koffi package of every target not yet present; returns the targets it fetched. */
export function ensureKoffiNatives(targets) {
  const version = installedKoffiVersion();
  const fetched = [];
  for (const target of targets) {
    if (!/^[a-z0-9]+-[a-z0-9]+$/.test(target)) {
      throw new Error(`bad koffi target "${target}": expected <os>-<arch>, e.g. win32-x64`);
    }
    const dir = path.join(koffiNativesDir, `koffi-${target}`);
    const stamp = path.join(dir, '.version');
    if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === version) continue;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const tarball = npmPack(`@koromix/koffi-${target}@${version}`, koffiNativesDir);
    untar(tarball, dir);
    fs.rmSync(tarball);
    if (!fs.readdirSync(dir).some((entry) => fs.existsSync(path.join(dir, entry, 'koffi.node')))) {
      throw new Error(`@koromix/koffi-${target}@${version} holds no <triplet>/koffi.node`);
    }
    fs.writeFileSync(stamp, version);
    fetched.push(target);
  }
  return fetched;
}

/** `npm pack <spec>` into dir; returns the path of the tarball it wrote. */
export function npmPack(spec, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['pack', spec, '--json', '--pack-destination', dir], {
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) throw new Error(`npm pack ${spec} failed:\n${result.stderr.trim()}`);
  const [{ filename }] = JSON.parse(result.stdout);
  // npm names scoped tarballs koromix-koffi-...tgz; trust the file it reports.
  return path.join(dir, path.basename(filename.replace(/^@/, '').replace('/', '-')));
}

/** Unpacks an npm tarball into dir, dropping the leading `package/` (and `strip - 1` more levels). */
export function untar(tarball, dir, { strip = 1, members = [] } = {}) {
  const result = spawnSync('tar', ['-xzf', tarball, '-C', dir, `--strip-components=${strip}`, ...members], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tar -xzf ${tarball} failed:\n${result.stderr.trim()}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const targets = process.argv.slice(2);
  if (!targets.length) {
    console.error('usage: node scripts/koffi-natives.mjs <target>... (e.g. win32-x64 linux-x64)');
    process.exit(2);
  }
  try {
    const fetched = ensureKoffiNatives(targets);
    console.log(fetched.length ? `fetched ${fetched.join(' ')}` : 'all present');
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
