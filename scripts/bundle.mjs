// The esbuild set-up shared by the product build (esbuild.mjs → dist/) and the Win32 test driver build.
// koffi's JavaScript is bundled; its native files are laid out as koffi documents for bundlers:
// <outdir>/koffi/<triplet>/koffi.node beside the bundle.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');
/** Where native koffi packages are found: this platform's from npm, others unpacked by scripts/koffi-natives.mjs. */
const nativeSources = [path.join(root, 'node_modules/@koromix'), path.join(root, '.cache/koffi-natives')];

/** koffi requires `@koromix/koffi-<os>-<arch>` by name; point each at <outdir>/koffi/<triplet>/koffi.node. */
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

/** Copies koffi's native files for `targets` (e.g. ['win32-x64']; null = every one available) into outdir/koffi. */
export function copyKoffiNatives(outdir, targets = null) {
  const copied = [];
  for (const source of nativeSources) {
    if (!fs.existsSync(source)) continue;
    for (const pkg of fs.readdirSync(source)) {
      const target = pkg.slice('koffi-'.length);
      if (!pkg.startsWith('koffi-') || (targets && !targets.includes(target))) continue;
      for (const triplet of fs.readdirSync(path.join(source, pkg))) {
        const file = path.join(source, pkg, triplet, 'koffi.node');
        if (!fs.existsSync(file)) continue;
        fs.mkdirSync(path.join(outdir, 'koffi', triplet), { recursive: true });
        fs.copyFileSync(file, path.join(outdir, 'koffi', triplet, 'koffi.node'));
        copied.push(target);
      }
    }
  }
  return [...new Set(copied)];
}

export function nodeBundle(entryPoints, outdir, { production = false } = {}) {
  return {
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    // koffi's ESM entry finds its native package through import.meta.url, which a CommonJS bundle lacks.
    alias: { koffi: path.join(root, 'node_modules/koffi/index.cjs') },
    plugins: [koffiNatives],
    sourcemap: production ? false : 'linked',
    minify: production,
    logLevel: 'warning',
    logOverride: { 'unsupported-require-call': 'silent' },
  };
}

export { esbuild };
