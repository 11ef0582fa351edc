// `npm run bench`: the benchmarks of docs/benchmarks.md, in TypeScript run through tsx.
//   npm run bench [-- --quick] [-- --only=1,5,9]
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/bench/main.ts'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
process.on('SIGINT', () => child.kill('SIGINT'));
process.on('SIGTERM', () => child.kill('SIGTERM'));
