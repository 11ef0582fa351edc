/** Entry of the header worker thread (dist/header-worker.js): parses the headers of one job and posts the registry. */
import { parentPort, workerData } from 'node:worker_threads';
import { HeaderError, headerText, StructRegistry } from '../decode/index';
import { diskHeaderFiles } from './disk-header-files';
import type { HeaderJob, HeaderOutcome, HeaderReport } from './header-protocol';
import { errorMessage } from '../core/error-message';

const post = (report: HeaderReport) => parentPort!.postMessage(report);
const { headers, includePath, arch, defines } = workerData as HeaderJob;
const registry = StructRegistry.withBuiltins(arch);
registry.define(defines ?? []);
const files = diskHeaderFiles(includePath ?? []);
const outcomes: HeaderOutcome[] = [];
for (const [index, { fileName, path, arch: own, bytes }] of headers.entries()) {
  post({ type: 'parsing', index });
  const source = headerText(bytes);
  try {
    outcomes.push({ fileName, source, summary: registry.addHeader(path ?? fileName, source, files, own) });
  } catch (err) {
    outcomes.push({ fileName, problem: err instanceof HeaderError ? err.message : `${fileName}: ${errorMessage(err)}` });
  }
}
post({ type: 'done', outcomes, snapshot: registry.snapshot(), included: [...files.readFiles].map(([path, source]) => ({ path, source })) });
