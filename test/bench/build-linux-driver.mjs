// Bundles the Linux benchmark driver the way the product is built (esbuild, minified), so what is
// measured is the shipped code and not a development loader's.
import path from 'node:path';
import { esbuild, nodeBundle, root } from '../../scripts/bundle.mjs';

export const linuxDriverDir = path.join(root, '.cache/bench-linux');

export async function buildLinuxDriver() {
  await esbuild.build(nodeBundle({ 'bench-linux': 'test/bench/linux-driver.ts' }, linuxDriverDir, { production: true }));
  return path.join(linuxDriverDir, 'bench-linux.js');
}
