/**
 * The named-pipe client, run on the I/O worker thread: opens `\\machine\pipe\name` (waiting a bounded
 * time while every instance is busy), switches to message read mode on message pipes, then reads and
 * writes through the completion port until either side closes.
 */
import type { Batcher } from './batcher';
import type { CommandInbox } from './command-inbox';
import { drain, runCompletionLoop } from './completion-loop';
import { CompletionPort } from './completion-port';
import { ERROR, errorInfo, type Win32ErrorInfo } from './errors';
import {
  FILE_FLAG_OVERLAPPED, GENERIC_READ, GENERIC_WRITE, INVALID_HANDLE_VALUE, OPEN_EXISTING, PIPE_READMODE_MESSAGE,
  PIPE_TYPE_MESSAGE, k32,
} from './kernel32';
import { PipeConnection } from './pipe-connection';
import type { WorkerCommand, WorkerJob, WorkerReport } from './worker-protocol';

type ClientJob = Extract<WorkerJob, { kind: 'pipe-client' }>;

const FILE_WRITE_ATTRIBUTES = 0x100;
/** Tried in turn: a duplex pipe, then an inbound-only one (we only write), then an outbound-only one (we only read). */
const ACCESS_MODES = [GENERIC_READ | GENERIC_WRITE, GENERIC_WRITE, GENERIC_READ | FILE_WRITE_ATTRIBUTES];
const WAIT_SLICE_MS = 250;

export function runPipeClient(job: ClientJob, commands: CommandInbox, stopped: () => boolean, batcher: Batcher, report: (r: WorkerReport) => void): void {
  const port = new CompletionPort();
  const opened = openPipeClient(job.path, job.busyTimeout, stopped, port);
  if ('error' in opened) {
    port.close();
    report({ type: 'failed', error: opened.error });
    return;
  }
  const { handle, access, messageMode } = opened;

  let closed = false;
  const connection = new PipeConnection(port, handle, 1, job.path, {
    message: (bytes, messageFlags, handedOver) => batcher.add(bytes, 1, messageFlags, false, handedOver),
    closed: (reason, error) => {
      closed = true;
      batcher.flush();
      report({ type: 'disconnected', connection: 1, reason: error ? `${reason}: ${error.name}` : reason });
    },
  });
  report({ type: 'ready', port: port.handle, messageMode });
  // The one connection, reported as a server reports its clients' (and as the Unix-socket client does).
  report({ type: 'connected', connection: 1 });
  if (access & GENERIC_READ) connection.startReading();

  const onCommand = (command: WorkerCommand): void => {
    if (command.type === 'stop') closed = true;
    else connection.write(command.bytes, (error) => batcher.acknowledge(command.id, error));
  };
  try {
    runCompletionLoop(port, batcher, commands, onCommand, () => closed);
  } finally {
    connection.close();
    drain(port);
  }
}

export interface OpenedPipe {
  handle: number;
  access: number;
  messageMode: boolean;
}

/**
 * Opens a pipe as a client for overlapped I/O on `port`, in message read mode on a message pipe.
 * Blocks the worker at most `busyTimeout` ms while every instance is busy.
 */
export function openPipeClient(path: string, busyTimeout: number, stopped: () => boolean, port: CompletionPort): OpenedPipe | { error: Win32ErrorInfo } {
  const opened = open(path, busyTimeout, stopped);
  if ('error' in opened) return opened;
  const { handle, access } = opened;
  const associated = port.associate(handle, path);
  if (associated) {
    k32.CloseHandle(handle);
    return { error: associated };
  }
  const flags = new Uint32Array(1);
  const messageMode = k32.GetNamedPipeInfo(handle, flags, null, null, null) && (flags[0] & PIPE_TYPE_MESSAGE) !== 0;
  if (messageMode && access & GENERIC_READ) k32.SetNamedPipeHandleState(handle, new Uint32Array([PIPE_READMODE_MESSAGE]), null, null);
  return { handle, access, messageMode };
}

function open(path: string, busyTimeout: number, stopped: () => boolean): { handle: number; access: number } | { error: Win32ErrorInfo } {
  const deadline = Date.now() + busyTimeout;
  for (let attempt = 0; ; attempt++) {
    const access = ACCESS_MODES[attempt % ACCESS_MODES.length];
    const handle = k32.CreateFileW(path, access, 0, null, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, 0);
    if (handle !== INVALID_HANDLE_VALUE) return { handle, access };
    const code = k32.GetLastError();
    if (code === ERROR.ACCESS_DENIED && attempt + 1 < ACCESS_MODES.length) continue;
    if (code !== ERROR.PIPE_BUSY) return { error: openError(code, path) };
    const left = deadline - Date.now();
    if (left <= 0 || stopped()) {
      return { error: errorInfo(code, `CreateFileW(${path})`, `Every instance of the pipe stayed busy for ${busyTimeout} ms`) };
    }
    // WaitNamedPipeW fails at once when the pipe has gone; the next CreateFileW then says so.
    k32.WaitNamedPipeW(path, Math.min(left, WAIT_SLICE_MS));
    attempt = -1;
  }
}

function openError(code: number, path: string): Win32ErrorInfo {
  const hints: Partial<Record<number, string>> = {
    [ERROR.FILE_NOT_FOUND]: 'No server is listening on this pipe name',
    [ERROR.ACCESS_DENIED]: 'The server does not grant this user access to the pipe',
    [ERROR.BAD_NETPATH]: 'The machine could not be found on the network',
    [ERROR.BAD_NET_NAME]: 'The machine does not share this pipe',
  };
  return errorInfo(code, `CreateFileW(${path})`, hints[code]);
}

