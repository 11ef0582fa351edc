// `npm run soak`: the long runs that do not fit in `npm test`. First the coverage-guided fuzzer on
// every target (100,000 mutants each unless --iterations N; --save adds inputs that reached new blocks
// to test/fixtures/fuzz-corpus), then the reliability tests with the full 1,000 Win32 cycles
// (SLOTPIPE_SOAK=1). Exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const at = args.indexOf('--iterations');
const iterations = at >= 0 ? args[at + 1] : '100000';
const seed = String(Date.now() % 0x7fffffff);

const run = (what, command) => {
  console.log(`\n== ${what}`);
  const result = spawnSync(process.execPath, command, { cwd: root, stdio: 'inherit', env: { ...process.env, SLOTPIPE_SOAK: '1' } });
  return result.status === 0;
};

const fuzzed = run(`fuzzing every target, ${iterations} mutants each, seed ${seed}`, [
  '--import', 'tsx', 'test/fuzz/run-fuzz.ts', 'all', '--iterations', iterations, '--seed', seed, ...(args.includes('--save') ? ['--save'] : []),
]);
const tests = fs.readdirSync(path.join(root, 'test/reliability')).filter((f) => f.endsWith('.test.ts')).sort().map((f) => path.join('test/reliability', f));
const tested = run('reliability tests with the full cycle counts', ['--import', 'tsx', '--test', '--test-reporter=spec', ...tests]);
if (!fuzzed) console.error('\nfuzzing found crashes: their inputs are in test/fixtures/fuzz-corpus/<target>/crash-*.bin (commit them)');
process.exit(fuzzed && tested ? 0 : 1);
