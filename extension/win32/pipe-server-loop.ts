/**
 * The named-pipe server, run on the I/O worker thread. One instance always listens; when a client
 * connects it gets that instance to itself and a new one starts listening (up to the instance limit),
 * so many clients are served at once, each attributed to its process.
 */
import type { Batcher } from './batcher';
import type { CommandInbox } from './command-inbox';
import { drain, runCompletionLoop } from './completion-loop';
import { CompletionPort, Operation } from './completion-port';
import { ERROR, Win32Error, errorInfo, lastError, type Win32ErrorInfo } from './errors';
import { securityAttributes } from './pipe-security';
import {
  FILE_FLAG_FIRST_PIPE_INSTANCE, FILE_FLAG_OVERLAPPED, INVALID_HANDLE_VALUE, PIPE_ACCESS_DUPLEX, PIPE_ACCESS_INBOUND,
  PIPE_ACCESS_OUTBOUND, PIPE_READMODE_MESSAGE, PIPE_REJECT_REMOTE_CLIENTS, PIPE_TYPE_MESSAGE, PIPE_UNLIMITED_INSTANCES,
  PIPE_WAIT, k32,
} from './kernel32';
import { openPipeClient } from './pipe-client-loop';
import { PipeConnection } from './pipe-connection';
import { processImage } from './process-image';
import type { WorkerCommand, WorkerJob, WorkerReport } from './worker-protocol';

type ServerJob = Extract<WorkerJob, { kind: 'pipe-server' }>;

const ACCESS = { inbound: PIPE_ACCESS_INBOUND, outbound: PIPE_ACCESS_OUTBOUND, duplex: PIPE_ACCESS_DUPLEX };

export function runPipeServer(job: ServerJob, commands: CommandInbox, batcher: Batcher, report: (r: WorkerReport) => void): void {
  let security: ReturnType<typeof securityAttributes>;
  try {
    security = securityAttributes(job.security);
  } catch (err) {
    report({ type: 'failed', error: err instanceof Win32Error ? err.info : errorInfo(0, `pipe security ${job.security}`, String(err)) });
    return;
  }
  try {
    serve(job, commands, batcher, report, security.pointer);
  } finally {
    security.free();
  }
}

function serve(job: ServerJob, commands: CommandInbox, batcher: Batcher, report: (r: WorkerReport) => void, security: unknown): void {
  const port = new CompletionPort();
  const readable = job.direction !== 'outbound';
  const openMode = ACCESS[job.direction] | FILE_FLAG_OVERLAPPED;
  const pipeMode =
    (job.pipeMode === 'message' ? PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE : 0) |
    PIPE_WAIT |
    (job.allowRemoteClients ? 0 : PIPE_REJECT_REMOTE_CLIENTS);
  const maxInstances = job.maxInstances > 0 && job.maxInstances < PIPE_UNLIMITED_INSTANCES ? job.maxInstances : PIPE_UNLIMITED_INSTANCES;
  const connections = new Map<number, PipeConnection>();
  let listener: { handle: number; op: Operation } | undefined;
  let nextConnection = 1;
  let stopping = false;

  /** Creates the next listening instance; false when the first one cannot be created. */
  const listen = (first: boolean): boolean => {
    const handle = k32.CreateNamedPipeW(job.path, openMode | (first ? FILE_FLAG_FIRST_PIPE_INSTANCE : 0), pipeMode, maxInstances, job.outBufferSize, job.inBufferSize, 0, security);
    if (handle === INVALID_HANDLE_VALUE) {
      const taken = 'Another process already serves a pipe with this name';
      const error = lastError(`CreateNamedPipeW(${job.path})`, {
        [ERROR.ACCESS_DENIED]: taken,
        [ERROR.PIPE_BUSY]: first ? `${taken} (and uses all its instances)` : 'All instances of this pipe are in use',
        [ERROR.INVALID_NAME]: 'The name is not a valid local pipe name',
      });
      if (first) report({ type: 'failed', error });
      else if (error.code !== ERROR.PIPE_BUSY) report({ type: 'error', error, fatal: false });
      return false;
    }
    const associated = port.associate(handle, job.path);
    if (associated) {
      k32.CloseHandle(handle);
      report(first ? { type: 'failed', error: associated } : { type: 'error', error: associated, fatal: false });
      return false;
    }
    const op = port.track(new Operation((c) => {
      port.release(op);
      listener = undefined;
      // ERROR_NO_DATA: a client came, wrote and left before the wait began; what it wrote is still to be read.
      if (c.ok || c.error === ERROR.PIPE_CONNECTED || c.error === ERROR.NO_DATA) accept(handle);
      else if (!stopping) {
        k32.CloseHandle(handle);
        report({ type: 'error', error: errorInfo(c.error, `ConnectNamedPipe(${job.path})`), fatal: false });
        listen(false);
      }
    }));
    listener = { handle, op };
    if (!k32.ConnectNamedPipe(handle, op.arm())) {
      const code = k32.GetLastError();
      if (code === ERROR.IO_PENDING) return true;
      op.pending = false;
      op.onComplete({ ok: code === ERROR.PIPE_CONNECTED || code === ERROR.NO_DATA, bytes: 0, error: code });
    }
    return true;
  };

  const accept = (handle: number): void => {
    const id = nextConnection++;
    const pid = new Uint32Array(1);
    const known = k32.GetNamedPipeClientProcessId(handle, pid) && pid[0] !== 0;
    report({ type: 'connected', connection: id, pid: known ? pid[0] : undefined, image: known ? processImage(pid[0]) : undefined });
    const upstream = job.proxyTo ? connectUpstream(id, job.proxyTo) : undefined;
    const connection = new PipeConnection(port, handle, id, job.path, {
      message: (bytes, flags, handedOver) => {
        upstream?.write(bytes.slice(), reportWriteError); // a copy: the read buffer is reused or sent away with the batch
        batcher.add(bytes, id, flags, false, handedOver);
      },
      closed: (reason, error) => {
        connections.delete(id);
        upstream?.close();
        batcher.flush();
        report({ type: 'disconnected', connection: id, reason: error ? `${reason}: ${error.name}` : reason });
        if (!listener && !stopping) listen(false);
      },
    });
    connections.set(id, connection);
    if (job.proxyTo && !upstream) return connection.hangUp('the real server could not be reached');
    // The next instance listens first: a read that completes at once may end this connection right here.
    if (!stopping) listen(false);
    if (readable) connection.startReading();
    upstream?.startReading();
  };

  /** Proxy mode: the real server's side of client `id`; what it says goes back to the client, logged as out. */
  const connectUpstream = (id: number, path: string): PipeConnection | undefined => {
    const opened = openPipeClient(path, job.busyTimeout, () => stopping, port);
    if ('error' in opened) {
      report({ type: 'error', error: { ...opened.error, hint: `${opened.error.hint ?? ''} (the real server for the proxy)`.trim() }, fatal: false });
      return undefined;
    }
    return new PipeConnection(port, opened.handle, id, path, {
      message: (bytes, flags, handedOver) => {
        connections.get(id)?.write(bytes.slice(), reportWriteError); // a copy, as above
        batcher.add(bytes, id, flags, true, handedOver);
      },
      closed: () => connections.get(id)?.hangUp('the real server closed the pipe'),
    });
  };

  const reportWriteError = (error?: Win32ErrorInfo) => {
    if (error) report({ type: 'error', error, fatal: false });
  };

  const onCommand = (command: WorkerCommand): void => {
    if (command.type === 'stop') {
      stopping = true;
      return;
    }
    const targets = command.connection === undefined ? [...connections.values()] : [connections.get(command.connection)].filter((c) => c !== undefined);
    if (!targets.length) {
      batcher.acknowledge(command.id, errorInfo(ERROR.PIPE_NOT_CONNECTED, `WriteFile(${job.path})`, 'No client is connected'));
      return;
    }
    let left = targets.length;
    let failure: Win32ErrorInfo | undefined;
    for (const connection of targets) {
      connection.write(command.bytes, (error) => {
        failure ??= error;
        if (--left === 0) batcher.acknowledge(command.id, failure);
      });
    }
  };

  if (!listen(true)) {
    port.close();
    return;
  }
  report({ type: 'ready', port: port.handle, messageMode: job.pipeMode === 'message' });
  try {
    runCompletionLoop(port, batcher, commands, onCommand, () => stopping);
  } finally {
    if (listener) {
      k32.CancelIoEx(listener.handle, null);
      k32.CloseHandle(listener.handle);
    }
    for (const connection of connections.values()) connection.close();
    drain(port);
  }
}
