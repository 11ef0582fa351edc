/**
 * The .vsix a Linux user installs, made by the project's own packaging (scripts/package.mjs: a
 * production build in a private copy of the tree, only what .vscodeignore allows).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './code-server';

interface PackageModule {
  packageTargets(options: { targets: string[]; outDir: string; log: (line: string) => void }): { target: string; file: string; bytes: number }[];
}

/** Returns the path of the packaged linux-x64 .vsix inside `workDir`. */
export async function packageVsix(workDir: string): Promise<string> {
  // Loaded by URL: the packaging script is plain JavaScript without type declarations.
  const script = pathToFileURL(path.join(repoRoot, 'scripts', 'package.mjs')).href;
  const { packageTargets } = (await import(script)) as PackageModule;
  const [result] = packageTargets({ targets: [`${process.platform}-${process.arch}`], outDir: workDir, log: () => {} });
  return result.file;
}
