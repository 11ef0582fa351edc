// node_modules from package-lock.json, and dist/ from the sources; both skipped when up to date.
import fs from 'node:fs';
import path from 'node:path';
import { run } from './step.mjs';

const root = path.resolve(import.meta.dirname, '../..');

export async function ensureNodeModules() {
  const marker = path.join(root, 'node_modules/.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs) return 'up to date';
  run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  return 'installed';
}

export async function ensureBuild() {
  run(process.execPath, ['esbuild.mjs'], { cwd: root });
  return 'dist/ built';
}
