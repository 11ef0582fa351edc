// Stages what the VS Code integration tests load, in its own folder (so a concurrent `npm run build`
// cannot pull dist/ away mid-run): the extension (manifest, strings, media, bundles built with
// esbuild like esbuild.mjs does), the mocha suites and the peer programs they start.
// The folder sits inside the repository so that `mocha` resolves from its node_modules.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Builds everything into `.vscode-test/runs/<name>/`; returns the paths the runners need. */
export async function stageExtensionTests(name) {
  const root = path.join(repoRoot, '.vscode-test', 'runs', name);
  const extension = path.join(root, 'extension');
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(path.join(extension, 'dist'), { recursive: true });
  for (const file of ['package.json', 'package.nls.json']) fs.copyFileSync(path.join(repoRoot, file), path.join(extension, file));
  fs.cpSync(path.join(repoRoot, 'media'), path.join(extension, 'media'), { recursive: true });

  const node = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'error',
    // koffi resolves from the repository's node_modules (it loads only on Windows).
    external: ['vscode', 'koffi', 'mocha'],
  };
  await esbuild.build({ ...node, entryPoints: { extension: path.join(repoRoot, 'extension/extension.ts') }, outdir: path.join(extension, 'dist') });
  await esbuild.build({ ...node, entryPoints: { 'header-worker': path.join(repoRoot, 'extension/header-thread/header-worker.ts') }, outdir: path.join(extension, 'dist') });
  const ioWorker = path.join(repoRoot, 'extension/win32/io-worker.ts');
  if (fs.existsSync(ioWorker)) {
    await esbuild.build({ ...node, entryPoints: { 'win32-worker': ioWorker }, outdir: path.join(extension, 'dist') });
  }
  let webview = 'built';
  try {
    await esbuild.build({
      bundle: true, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'silent',
      entryPoints: { webview: path.join(repoRoot, 'webview/main.ts') }, outdir: path.join(extension, 'dist'),
    });
  } catch (err) {
    // The API-level suites do not need the panel's webview; say so instead of failing them.
    webview = `not built: ${err.message.split('\n')[0]}`;
  }
  await esbuild.build({
    ...node,
    entryPoints: {
      trusted: path.join(repoRoot, 'test/vscode/suite/trusted.ts'),
      untrusted: path.join(repoRoot, 'test/vscode/suite/untrusted.ts'),
    },
    outdir: path.join(root, 'suite'),
  });
  await esbuild.build({
    ...node,
    entryPoints: {
      'send-messages': path.join(repoRoot, 'test/vscode/fixtures/send-messages.ts'),
      'pipe-echo': path.join(repoRoot, 'test/vscode/fixtures/pipe-echo.ts'),
      // The command line, for suites that check what it writes opens in the editor.
      'slotpipe-cli': path.join(repoRoot, 'extension/cli.ts'),
    },
    outdir: path.join(root, 'fixtures'),
  });
  return {
    root,
    extension,
    suites: { trusted: path.join(root, 'suite', 'trusted.js'), untrusted: path.join(root, 'suite', 'untrusted.js') },
    webview,
  };
}
