/**
 * The worker's event loop for completion-port jobs: waits in the kernel (no timer, no polling),
 * hands a batch over as soon as the queue runs dry, and reads commands when the main thread wakes it.
 */
import type { Batcher } from './batcher';
import type { CommandInbox } from './command-inbox';
import type { CompletionPort } from './completion-port';
import { INFINITE } from './kernel32';
import type { WorkerCommand } from './worker-protocol';

/** How long a stop waits for cancelled operations to come back before the port is closed. */
const DRAIN_MS = 300;

export function runCompletionLoop(
  port: CompletionPort,
  batcher: Batcher,
  commands: CommandInbox,
  onCommand: (command: WorkerCommand) => void,
  finished: () => boolean,
): void {
  while (!finished()) {
    const result = port.waitOne(batcher.size ? 0 : INFINITE);
    if (result === 'timeout') batcher.flush();
    if (result !== 'wake') continue;
    // The results of each command batch go back at once, so the main thread sends more while these are written.
    commands.drain(onCommand, () => batcher.flush());
  }
  batcher.flush();
}

/** After every handle is closed: lets cancelled operations complete so their memory is free to release. */
export function drain(port: CompletionPort): void {
  const deadline = Date.now() + DRAIN_MS;
  while (port.busy && Date.now() < deadline) port.waitOne(Math.max(1, deadline - Date.now()));
  port.close();
}
