// npm run test:wine-heap: the Win32 test layer once more with Wine's heap checks on (WINEDEBUG=-all,err+heap,warn+heap: only the heap channel's warnings and errors).
// Every heap warning a Windows program of the run writes (node.exe with koffi, the C peers) fails it, even
// when the tests pass: Wine tolerates heap misuse that Windows may not. Kept out of `npm test` (slow).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

if (process.platform !== 'linux') {
  console.error('test:wine-heap runs the Win32 tests under Wine, on Linux');
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, '..');
const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-wine-heap-')), 'heap.log');
fs.writeFileSync(log, '');
const files = fs.readdirSync(path.join(root, 'test/win32')).filter((f) => f.endsWith('.test.ts')).sort().map((f) => path.join('test/win32', f));
const started = Date.now();
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SLOTPIPE_WINEDEBUG: '-all,err+heap,warn+heap', SLOTPIPE_WINE_HEAP_LOG: log },
});
const warnings = fs.readFileSync(log, 'utf8');
fs.rmSync(path.dirname(log), { recursive: true, force: true });
console.log(`\nwine heap check: ${files.length} files in ${Math.round((Date.now() - started) / 1000)} s, ${warnings ? 'heap warnings:' : 'no heap warning'}`);
if (warnings) console.log(warnings);
process.exit(run.status !== 0 ? (run.status ?? 1) : warnings ? 1 : 0);
