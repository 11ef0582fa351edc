/** Entry of the header worker thread (dist/header-worker.js): parses the headers of one job and posts the registry. */
import { parentPort, workerData } from 'node:worker_threads';
import { HeaderError, headerText, StructRegistry } from '../decode/index';
import type { HeaderJob, HeaderOutcome, HeaderReport } from './header-protocol';
import { errorMessage } from '../core/error-message';

const post = (report: HeaderReport) => parentPort!.postMessage(report);
const { headers } = workerData as HeaderJob;
const registry = StructRegistry.withBuiltins();
const outcomes: HeaderOutcome[] = [];
for (const [index, { fileName, bytes }] of headers.entries()) {
  post({ type: 'parsing', index });
  const source = headerText(bytes);
  try {
    outcomes.push({ fileName, source, summary: registry.addHeader(fileName, source) });
  } catch (err) {
    outcomes.push({ fileName, problem: err instanceof HeaderError ? err.message : `${fileName}: ${errorMessage(err)}` });
  }
}
post({ type: 'done', outcomes, snapshot: registry.snapshot() });
