// Builds dist/: the extension host bundle, the CLI, the Win32 I/O worker and the webview.
// koffi's JavaScript is bundled; its native files are laid out as koffi documents for bundlers:
// dist/koffi/<triplet>/koffi.node beside the bundle (only the targets asked for, see --targets).
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const watch = args.includes('--watch');
const production = args.includes('--production');
const targetsArg = args.find((a) => a.startsWith('--targets='));
/** e.g. ['win32-x64'] for a per-platform VSIX; default: every native file available on this machine. */
const targets = targetsArg ? targetsArg.slice('--targets='.length).split(',') : null;

const root = path.dirname(new URL(import.meta.url).pathname);
const dist = path.join(root, 'dist');
/** Where native koffi packages for other platforms are unpacked (see scripts/koffi-natives.mjs). */
const nativeCaches = [path.join(root, 'node_modules/@koromix'), path.join(root, '.cache/koffi-natives')];

/** koffi requires `@koromix/koffi-<os>-<arch>` by name; point each at dist/koffi/<triplet>/koffi.node. */
const koffiNatives = {
  name: 'koffi-natives',
  setup(build) {
    build.onResolve({ filter: /^@koromix\/koffi-/ }, (a) => ({ path: a.path, namespace: 'koffi-native' }));
    build.onLoad({ filter: /.*/, namespace: 'koffi-native' }, (a) => {
      const pkg = a.path.slice('@koromix/koffi-'.length);
      const triplets = [pkg.replace('-', '_')];
      if (pkg.startsWith('linux-')) triplets.push(pkg.replace('linux-', 'musl_'));
      return {
        loader: 'js',
        contents: `
          const fs = require('node:fs'), path = require('node:path');
          for (const triplet of ${JSON.stringify(triplets)}) {
            const file = path.join(__dirname, 'koffi', triplet, 'koffi.node');
            if (fs.existsSync(file)) { module.exports = require(file); break; }
          }`,
      };
    });
  },
};

function copyKoffiNatives() {
  for (const cache of nativeCaches) {
    if (!fs.existsSync(cache)) continue;
    for (const pkg of fs.readdirSync(cache)) {
      if (!pkg.startsWith('koffi-')) continue;
      const target = pkg.slice('koffi-'.length);
      if (targets && !targets.includes(target)) continue;
      const pkgDir = path.join(cache, pkg);
      for (const triplet of fs.readdirSync(pkgDir)) {
        const file = path.join(pkgDir, triplet, 'koffi.node');
        if (!fs.existsSync(file)) continue;
        fs.mkdirSync(path.join(dist, 'koffi', triplet), { recursive: true });
        fs.copyFileSync(file, path.join(dist, 'koffi', triplet, 'koffi.node'));
      }
    }
  }
}

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  logOverride: { 'unsupported-require-call': 'silent' },
};

const node = {
  ...common,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  plugins: [koffiNatives],
};

const builds = [
  { ...node, entryPoints: { extension: 'extension/extension.ts' }, outdir: dist },
  { ...node, entryPoints: { cli: 'extension/cli.ts' }, outdir: dist, banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: { 'win32-worker': 'extension/win32/io-worker.ts' }, outdir: dist },
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: { webview: 'webview/main.ts' }, outdir: dist },
].filter((b) => Object.values(b.entryPoints).every((entry) => fs.existsSync(path.join(root, entry))));

fs.rmSync(dist, { recursive: true, force: true });
copyKoffiNatives();
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  fs.chmodSync(path.join(dist, 'cli.js'), 0o755);
}
