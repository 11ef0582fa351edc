// Runs every *.test.ts under test/ (or under the folders named: `npm test -- unit win32`) with
// node's own test runner, which ends with its pass/fail summary.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const layers = process.argv.slice(2);
const folders = (layers.length ? layers : fs.readdirSync(path.join(root, 'test')))
  .map((layer) => path.join(root, 'test', layer))
  .filter((dir) => fs.existsSync(dir) && fs.statSync(dir).isDirectory() && !dir.endsWith(`${path.sep}bench`));

const files = folders.flatMap((dir) => fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, f)))
  .filter((file) => file.endsWith('.test.ts'))
  .sort();
if (!files.length) {
  console.error(`no test files found under ${folders.map((f) => path.relative(root, f)).join(', ') || 'test/'}`);
  process.exit(2);
}

const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
