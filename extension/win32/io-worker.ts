/** Entry of the Win32 I/O worker thread (dist/win32-worker.js): runs one job and reports to the main thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { Batcher } from './batcher';
import { CommandInbox } from './command-inbox';
import { errorInfo } from './errors';
import { runMailslot } from './mailslot-loop';
import { runPipeClient } from './pipe-client-loop';
import { runPipeServer } from './pipe-server-loop';
import type { WorkerInit, WorkerReport } from './worker-protocol';

const { job, flags, commands: port } = workerData as WorkerInit;
const commands = new CommandInbox(port, flags);
const stopped = () => commands.stopped;
const report = (r: WorkerReport) => parentPort!.postMessage(r);
const batcher = new Batcher((batch, transfer) => parentPort!.postMessage(batch, transfer));

try {
  if (job.kind === 'mailslot') runMailslot(job, { stopped, idleWakeup: () => commands.countIdleWakeup() }, batcher, report);
  else if (job.kind === 'pipe-server') runPipeServer(job, commands, batcher, report);
  else runPipeClient(job, commands, stopped, batcher, report);
} catch (err) {
  batcher.flush();
  report({ type: 'error', error: { ...errorInfo(0, job.path), systemMessage: String((err as Error)?.message ?? err) }, fatal: true });
} finally {
  commands.close();
  report({ type: 'stopped' });
}
