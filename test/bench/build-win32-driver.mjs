// Bundles what the Win32 benchmarks run in Windows Node.js into one folder: the benchmark driver, the
// slotpipe command line and the I/O worker, with koffi's Windows native file.
import path from 'node:path';
import { copyKoffiNatives, esbuild, nodeBundle, root } from '../../scripts/bundle.mjs';

export const driverDir = path.join(root, '.cache/bench-win32');

export async function buildBenchDriver() {
  copyKoffiNatives(driverDir, ['win32-x64']);
  await esbuild.build(nodeBundle({
    'bench-win32': 'test/bench/win32-driver.ts',
    cli: 'extension/cli.ts',
    'win32-worker': 'extension/win32/io-worker.ts',
  }, driverDir, { production: true }));
  return path.join(driverDir, 'bench-win32.js');
}
