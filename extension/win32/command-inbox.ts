/**
 * Commands from the main thread to an I/O worker (writes, stop), with coalesced wake-ups: the main thread
 * posts a completion-port wake-up only when none is pending, and the worker clears that mark before it
 * reads what has come, so a burst of writes costs one wake-up, not one each.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { readCommands } from './command-batch';
import type { CommandBatch, WorkerCommand } from './worker-protocol';

/** Int32 slots of the shared flags; `idleWakeups` counts a mailslot reader's waits that ended with no message. */
export const FLAG = { stop: 0, wakePending: 1, idleWakeups: 2 } as const;
export const FLAG_COUNT = 3;

export class CommandInbox {
  private readonly flags: Int32Array;

  constructor(private readonly port: MessagePort, flags: SharedArrayBuffer) {
    this.flags = new Int32Array(flags);
  }

  get stopped(): boolean {
    return Atomics.load(this.flags, FLAG.stop) !== 0;
  }

  countIdleWakeup(): void {
    Atomics.add(this.flags, FLAG.idleWakeups, 1);
  }

  /**
   * After a wake-up: everything sent so far, in order (a write's bytes are a view of its batch's buffer);
   * `batchDone` after each batch, so results can go back while the next batch is written.
   */
  drain(onCommand: (command: WorkerCommand) => void, batchDone: () => void = () => {}): void {
    Atomics.store(this.flags, FLAG.wakePending, 0);
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      readCommands(m.message as CommandBatch, onCommand);
      batchDone();
    }
  }

  close(): void {
    this.port.close();
  }
}

/** Main thread: marks a wake-up pending; true when the caller must post one (none was pending). */
export function needsWake(flags: Int32Array): boolean {
  return Atomics.exchange(flags, FLAG.wakePending, 1) === 0;
}
