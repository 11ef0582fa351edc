// Builds dist/: the extension host bundle, the CLI, the Win32 I/O worker, the header worker and the webview.
//   node esbuild.mjs [--production] [--watch] [--targets=win32-x64,...]
// --targets limits the koffi native files copied into dist/koffi (one per platform VSIX).
import fs from 'node:fs';
import path from 'node:path';
import { copyKoffiNatives, esbuild, nodeBundle, root } from './scripts/bundle.mjs';

const args = process.argv.slice(2);
const watch = args.includes('--watch');
const production = args.includes('--production');
const targetsArg = args.find((a) => a.startsWith('--targets='));
const targets = targetsArg ? targetsArg.slice('--targets='.length).split(',') : null;
const dist = path.join(root, 'dist');

const builds = [
  nodeBundle({ extension: 'extension/extension.ts' }, dist, { production }),
  nodeBundle({ 'win32-worker': 'extension/win32/io-worker.ts' }, dist, { production }),
  nodeBundle({ 'header-worker': 'extension/header-thread/header-worker.ts' }, dist, { production }),
  { ...nodeBundle({ cli: 'extension/cli.ts' }, dist, { production }), banner: { js: '#!/usr/bin/env node' } },
  {
    entryPoints: { webview: 'webview/main.ts' },
    outdir: dist,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: production ? false : 'linked',
    minify: production,
    logLevel: 'warning',
  },
].filter((b) => Object.values(b.entryPoints).every((entry) => fs.existsSync(path.join(root, entry))));

fs.rmSync(dist, { recursive: true, force: true });
copyKoffiNatives(dist, targets);
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  if (fs.existsSync(path.join(dist, 'cli.js'))) fs.chmodSync(path.join(dist, 'cli.js'), 0o755);
}
