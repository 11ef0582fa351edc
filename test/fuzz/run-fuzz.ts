/**
 * Runs the coverage-guided fuzzer from the command line (`npm run soak` uses it for long runs):
 *   node --import tsx test/fuzz/run-fuzz.ts <netbios|pcap|header|header-preprocessor|capture-stream|all> [--iterations N] [--seed S] [--save]
 * Prints one JSON report per target; exits 1 when an input crashed a target.
 */
import { fuzz } from './fuzz-loop';
import { targets } from './targets';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number, got ${process.argv[i + 1]}`);
  return value;
}

const which = process.argv[2] ?? 'all';
const chosen = which === 'all' ? Object.values(targets) : [targets[which]];
if (!chosen[0]) {
  console.error(`unknown target ${which}; known: ${Object.keys(targets).join(', ')}, all`);
  process.exit(2);
}
let crashed = false;
for (const target of chosen) {
  const report = fuzz(target, { iterations: option('iterations', 20_000), seed: option('seed', 1), save: process.argv.includes('--save') });
  console.log(JSON.stringify(report));
  crashed ||= report.crashes.length > 0;
}
process.exit(crashed ? 1 : 0);
