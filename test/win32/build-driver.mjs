// Bundles the Win32 test driver with the I/O worker and koffi's Windows native file into one folder.
import path from 'node:path';
import { copyKoffiNatives, esbuild, nodeBundle, root } from '../../scripts/bundle.mjs';

export const driverDir = path.join(root, '.cache/win32-test');

export async function buildDriver() {
  copyKoffiNatives(driverDir, ['win32-x64']);
  await esbuild.build(nodeBundle({ driver: 'test/win32/driver.ts', 'win32-worker': 'extension/win32/io-worker.ts' }, driverDir));
  return path.join(driverDir, 'driver.js');
}
