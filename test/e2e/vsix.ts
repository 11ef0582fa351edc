/**
 * Builds Slotpipe and packages it as a .vsix the way a user gets it: the manifest, dist/ (with
 * koffi's native files) and media/, staged in a temp folder so nothing else in the tree is packed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './code-server';

const STAGED = ['package.json', 'dist', 'media', 'README.md', 'CHANGELOG.md', 'LICENSE', 'package.nls.json'];

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
}

/** Returns the path of the packaged .vsix inside `workDir`. */
export function packageVsix(workDir: string): string {
  run(process.execPath, ['esbuild.mjs'], repoRoot);
  const stage = path.join(workDir, 'stage');
  fs.mkdirSync(stage, { recursive: true });
  for (const name of STAGED) {
    const from = path.join(repoRoot, name);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(stage, name), { recursive: true });
  }
  // Source maps only help while developing; a packaged extension does without them.
  for (const file of fs.readdirSync(path.join(stage, 'dist'))) if (file.endsWith('.map')) fs.rmSync(path.join(stage, 'dist', file));
  const vsix = path.join(workDir, 'slotpipe.vsix');
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  // koffi is bundled into dist/ with its native files, so no node_modules are needed in the package.
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], stage);
  return vsix;
}
