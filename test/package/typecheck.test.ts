// Every TypeScript file of the project type-checks, including those no test imports (the benchmarks'
// notes, scripts): the bundler strips types without checking them. `npm run typecheck` is `tsc -b` over
// the layers' projects (tsconfig.json), so an import across a layer it may not cross fails here too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(import.meta.dirname, '../..');

test('npm run typecheck (tsc -b over every project) finds no type errors', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(manifest.scripts.typecheck, 'tsc -b');
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', root], { encoding: 'utf8' });
  assert.equal(tsc.status, 0, `${tsc.stdout}${tsc.stderr}`);
});
