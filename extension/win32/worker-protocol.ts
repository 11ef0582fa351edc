/** What crosses between the main thread and the Win32 I/O worker (structured clone; batches transfer their buffer). */
import type { PipeDirection, PipeMode } from '../core/backend';
import type { MessagePort } from 'node:worker_threads';
import type { Win32ErrorInfo } from './errors';

export type WorkerJob =
  /** `readTimeout` unset: reads wait for the next message; a stop writes `wakeToken` into the mailslot (mailslot-wake.ts). */
  | { kind: 'mailslot'; path: string; maxMessageSize: number; readTimeout?: number; wakeToken: Uint8Array }
  | {
      kind: 'pipe-server';
      path: string;
      direction: PipeDirection;
      pipeMode: PipeMode;
      maxInstances: number;
      allowRemoteClients: boolean;
      /** SDDL for the pipe's security descriptor. */
      security: string;
      /** Proxy mode: relay each client to this pipe (the real server), both directions. */
      proxyTo?: string;
      /** Live intercept: relay each client to an instance of the running server of this name (pipe-intercept.ts). */
      intercept?: boolean;
      /** Live intercept: the type and direction the watcher asks for, when it asks (refused if the server's differ). */
      requiredMode?: PipeMode;
      requiredDirection?: PipeDirection;
      busyTimeout: number;
      inBufferSize: number;
      outBufferSize: number;
    }
  | { kind: 'pipe-client'; path: string; busyTimeout: number };

export interface WorkerInit {
  job: WorkerJob;
  /** Int32 flags shared with the main thread (command-inbox.ts FLAG): stop, wake-up pending, idle wake-ups. */
  flags: SharedArrayBuffer;
  /** Commands for completion-port jobs; read synchronously after a wake-up. */
  commands: MessagePort;
}

/** What the worker's loop is asked to do. */
export type WorkerCommand =
  | { type: 'write'; id: number; bytes: Uint8Array; connection?: number }
  | { type: 'stop' };

/** The writes of one event-loop turn and a stop, as they cross to the worker (laid out in command-batch.ts). */
export interface CommandBatch {
  /** Transferred: the writes' ids, lengths, connections and bytes. */
  data: ArrayBuffer;
  writes: number;
  /** Stop after the writes. */
  stop: boolean;
}

/** A pipe's buffer quota (a client's writes complete without waiting for Slotpipe until this much is queued) and the most one read takes. */
export const PIPE_BUFFER = 64 * 1024;

/**
 * A byte-mode pipe of Slotpipe's takes this much of a client's writes before they wait, and reads what it
 * holds in one call: a bulk stream then costs one wineserver request (on Windows one kernel call) per
 * 256 KB instead of per 64 KB. Message pipes keep PIPE_BUFFER: there the larger quota let a sender of
 * small messages run ahead of the reader and made the whole slower.
 */
export const BYTE_PIPE_BUFFER = 256 * 1024;

/** What a server's connection reads at once: its pipe's quota for clients' data, within PIPE_BUFFER to BYTE_PIPE_BUFFER. */
export function readSizeFor(inBufferSize: number): number {
  return Math.min(Math.max(inBufferSize, PIPE_BUFFER), BYTE_PIPE_BUFFER);
}

/** A message of this many bytes or more travels in a buffer of its own (in `large`), not packed into `data`. */
export const LARGE_MESSAGE = 16 * 1024;

/** Messages in one transfer: small ones' bytes back to back in `data`, large ones' in `large` (in order), the rest per message. */
export interface MessageBatch {
  type: 'batch';
  data: ArrayBuffer;
  large: ArrayBuffer[];
  lengths: Uint32Array;
  times: Float64Array;
  connections: Int32Array;
  flags: Uint8Array;
  /** 1 where the message went out (a proxy's server-to-client direction). */
  outbound: Uint8Array;
  /** Ids of the writes finished since the last batch, in the order they were made (numbers, not an object each). */
  written: Float64Array;
  /** Those of them that failed. */
  failed: WriteFailure[];
}

export interface WriteFailure {
  id: number;
  error: Win32ErrorInfo;
}

export interface ClientInfo {
  connection: number;
  pid?: number;
  image?: string;
}

export type WorkerReport =
  /** `port`: the completion port to post wake-ups to (pipe jobs). */
  | { type: 'ready'; port?: number; messageMode?: boolean; detail?: string }
  | { type: 'failed'; error: Win32ErrorInfo }
  | MessageBatch
  | ({ type: 'connected' } & ClientInfo)
  | { type: 'disconnected'; connection: number; reason: string }
  | { type: 'error'; error: Win32ErrorInfo; fatal: boolean }
  /** Something the watcher could not see (a live intercept's clients that went past it). */
  | { type: 'notice'; message: string; key: string }
  | { type: 'stopped' };

/** Completion key the main thread uses to wake a completion-port loop for new commands. */
export const WAKE_KEY = 0xffff;
