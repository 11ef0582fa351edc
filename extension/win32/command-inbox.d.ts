/**
 * Commands from the main thread to an I/O worker (writes, stop), with coalesced wake-ups: the main thread
 * posts a completion-port wake-up only when none is pending, and the worker clears that mark before it
 * reads what has come, so a burst of writes costs one wake-up, not one each.
 */
import { type MessagePort } from 'node:worker_threads';
import type { WorkerCommand } from './worker-protocol';
/** Int32 slots of the shared flags. */
export declare const FLAG: {
    readonly stop: 0;
    readonly wakePending: 1;
};
export declare const FLAG_COUNT = 2;
export declare class CommandInbox {
    private readonly port;
    private readonly flags;
    constructor(port: MessagePort, flags: SharedArrayBuffer);
    get stopped(): boolean;
    /** After a wake-up: everything sent so far, in order; a write's bytes are a view of its batch's buffer. */
    drain(onCommand: (command: WorkerCommand) => void): void;
    close(): void;
}
/** Main thread: marks a wake-up pending; true when the caller must post one (none was pending). */
export declare function needsWake(flags: Int32Array): boolean;
