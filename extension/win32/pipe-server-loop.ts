/**
 * The named-pipe server, run on the I/O worker thread. One instance always listens; when a client
 * connects it gets that instance to itself and a new one starts listening (up to the instance limit),
 * so many clients are served at once, each attributed to its process. A proxy relays each client to an
 * upstream: a server by another name (proxyTo), or, in a live intercept, an instance of the running
 * server of the same name that Slotpipe holds (pipe-intercept.ts).
 */
import type { Batcher } from './batcher';
import type { CommandInbox } from './command-inbox';
import { drain, runCompletionLoop } from './completion-loop';
import { CompletionPort, Operation } from './completion-port';
import { notice, refusal } from '../core/intercept-messages';
import { ERROR, Win32Error, errorInfo, lastError, type Win32ErrorInfo } from './errors';
import { securityAttributes } from './pipe-security';
import {
  FILE_FLAG_FIRST_PIPE_INSTANCE, FILE_FLAG_OVERLAPPED, INVALID_HANDLE_VALUE, PIPE_ACCESS_DUPLEX, PIPE_ACCESS_INBOUND,
  PIPE_ACCESS_OUTBOUND, PIPE_READMODE_MESSAGE, PIPE_REJECT_REMOTE_CLIENTS, PIPE_TYPE_MESSAGE, PIPE_UNLIMITED_INSTANCES,
  PIPE_WAIT, k32,
} from './kernel32';
import { openPipeClient, type OpenedPipe } from './pipe-client-loop';
import { PipeConnection } from './pipe-connection';
import { HeldUpstreams, currentInstances, type ServerShape } from './pipe-intercept';
import { processImage } from './process-image';
import { readSizeFor, type WorkerCommand, type WorkerJob, type WorkerReport } from './worker-protocol';

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
  let stopping = false;
  let intercepted: { upstreams: HeldUpstreams; shape: ServerShape; preExisting: number } | undefined;
  if (job.intercept) {
    const opened = HeldUpstreams.open(
      { path: job.path, busyTimeout: job.busyTimeout, requiredMode: job.requiredMode, requiredDirection: job.requiredDirection },
      port,
      () => stopping,
    );
    if ('error' in opened) {
      port.close();
      report({ type: 'failed', error: opened.error });
      return;
    }
    intercepted = opened;
  }
  const upstreams = intercepted?.upstreams;
  // A live intercept's instances must match the server's pipe; a server of Slotpipe's own follows the job.
  const direction = intercepted?.shape.direction ?? job.direction;
  const messageMode = intercepted ? intercepted.shape.messageMode : job.pipeMode === 'message';
  const readable = direction !== 'outbound';
  const openMode = ACCESS[direction] | FILE_FLAG_OVERLAPPED;
  const pipeMode =
    (messageMode ? PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE : 0) |
    PIPE_WAIT |
    (job.allowRemoteClients ? 0 : PIPE_REJECT_REMOTE_CLIENTS);
  const maxInstances = intercepted?.shape.maxInstances ??
    (job.maxInstances > 0 && job.maxInstances < PIPE_UNLIMITED_INSTANCES ? job.maxInstances : PIPE_UNLIMITED_INSTANCES);
  const outBufferSize = intercepted?.shape.outBufferSize ?? job.outBufferSize;
  const inBufferSize = intercepted?.shape.inBufferSize ?? job.inBufferSize;
  const connections = new Map<number, PipeConnection>();
  type Listener = { handle: number; op: Operation };
  /** Instances waiting for a client, oldest first; a live intercept keeps a spare behind the server's free one. */
  const listeners = new Set<Listener>();
  let spare: Listener | undefined;
  let nextConnection = 1;
  let bypassed = 0;
  const ownPid = k32.GetCurrentProcessId();
  /** Takes of Slotpipe's that reached its own instance when it could not be found to close at once. */
  let strayTakes = 0;

  /** Creates the next listening instance; undefined when it cannot be created. */
  const listen = (first: boolean): Listener | undefined => {
    // An intercept adds instances to the server's pipe: never the first instance.
    const firstFlag = first && !upstreams ? FILE_FLAG_FIRST_PIPE_INSTANCE : 0;
    const handle = k32.CreateNamedPipeW(job.path, openMode | firstFlag, pipeMode, maxInstances, outBufferSize, inBufferSize, 0, security);
    if (handle === INVALID_HANDLE_VALUE) {
      const taken = 'Another process already serves a pipe with this name';
      const error = lastError(`CreateNamedPipeW(${job.path})`, upstreams ? {
        [ERROR.ACCESS_DENIED]: refusal.accessDenied(job.path),
        [ERROR.PIPE_BUSY]: first ? refusal.instanceLimit(job.path, maxInstances) : 'All instances of this pipe are in use',
      } : {
        [ERROR.ACCESS_DENIED]: taken,
        [ERROR.PIPE_BUSY]: first ? `${taken} (and uses all its instances)` : 'All instances of this pipe are in use',
        [ERROR.INVALID_NAME]: 'The name is not a valid local pipe name',
      });
      if (first) report({ type: 'failed', error });
      else if (error.code !== ERROR.PIPE_BUSY) report({ type: 'error', error, fatal: false });
      return undefined;
    }
    const associated = port.associate(handle, job.path);
    if (associated) {
      k32.CloseHandle(handle);
      report(first ? { type: 'failed', error: associated } : { type: 'error', error: associated, fatal: false });
      return undefined;
    }
    const op = port.track(new Operation((c) => {
      port.release(op);
      listeners.delete(created);
      if (spare === created) spare = undefined;
      // ERROR_NO_DATA: a client came, wrote and left before the wait began; what it wrote is still to be read.
      if (c.ok || c.error === ERROR.PIPE_CONNECTED || c.error === ERROR.NO_DATA) accept(handle);
      else if (!stopping) {
        k32.CloseHandle(handle);
        report({ type: 'error', error: errorInfo(c.error, `ConnectNamedPipe(${job.path})`), fatal: false });
        listenNext();
      }
    }));
    const created: Listener = { handle, op };
    listeners.add(created);
    if (!k32.ConnectNamedPipe(handle, op.arm())) {
      const code = k32.GetLastError();
      if (code === ERROR.IO_PENDING) return created;
      op.pending = false;
      op.onComplete({ ok: code === ERROR.PIPE_CONNECTED || code === ERROR.NO_DATA, bytes: 0, error: code });
    }
    return created;
  };

  /**
   * A live intercept re-arms after each client. A client gets the oldest free instance, so the free ones
   * stand in this order: Slotpipe's instance ahead, the server's free one, Slotpipe's spare. Once a client
   * took the one ahead, Slotpipe takes the server's free instance (a reserve listening behind the spare
   * first) and the spare is ahead; a new spare listens once the server made its next instance. A take
   * that reaches an instance of Slotpipe's means a client took the server's instance before it, and so
   * does a client on the spare: each is counted as a client that may have bypassed the intercept, and
   * the order is made again (an instance listens, then Slotpipe takes; a take that reaches that one too is
   * counted and tried again shortly, since the server may be slow to make its next instance; an instance
   * of Slotpipe's listens meanwhile, so a client arriving then is seen). A server
   * that makes none at all can no longer listen while Slotpipe holds instances: Slotpipe steps aside.
   */
  const listenIntercepted = (first: boolean): boolean => {
    let bypass = false;
    let ownTaken = false;
    let ahead: Listener | undefined;
    if (spare && isFree(spare)) {
      // Instances of Slotpipe's still free besides the spare are older than the server's free one: its takes
      // reach them first (taken back, no client lost, nothing counted).
      let older = [...listeners].filter((l) => l !== spare && isFree(l)).length;
      // A reserve listens behind the spare before the take: if the take reaches the spare (a client took the
      // server's instance), the server's next one is behind the reserve unless it was made before it.
      ahead = listen(false);
      for (;;) {
        const before = currentInstances(spare.handle);
        const took = upstreams!.take();
        if (took === 'held') {
          spare = undefined; // it is ahead now
          return armSpare(before);
        }
        if (took === 'own' && older-- > 0 && spare && isFree(spare)) {
          discardOwnTaken();
          continue;
        }
        bypass = ownTaken = took === 'own';
        break;
      }
    } else if (spare) {
      // A client reached the spare: the server's free instance before it was taken by someone else first.
      bypass = true;
      spare = undefined;
    }
    let failed: Win32ErrorInfo | undefined;
    // Listens while Slotpipe waits to retry, so a client arriving then is seen; taken back before the retry.
    let covering: Listener | undefined;
    for (let attempt = 0; attempt < RETAKE_TRIES && !stopping; attempt++) {
      if (!ahead || !isFree(ahead)) ahead = listen(first);
      if (!ahead) return false;
      // The instance its take reached closes only now: until this one listens, the server's is the oldest.
      if (ownTaken) discardOwnTaken();
      if (bypass) report({ type: 'notice', key: 'bypassed', message: notice.bypassed(++bypassed) });
      bypass = ownTaken = false;
      if (covering && isFree(covering)) {
        const before = currentInstances(ahead.handle);
        const back = upstreams!.take();
        if (back === 'own') discardOwnTaken();
        else if (back === 'held') return armSpare(before); // the server's instance was older after all
      }
      covering = undefined;
      const before = currentInstances(ahead.handle);
      const took = upstreams!.take();
      if (took === 'held') return armSpare(before);
      if (took !== 'own') failed = took;
      else {
        discardOwnTaken();
        if (attempt === 0 && !first) report({ type: 'notice', key: 'bypassed', message: notice.bypassed(++bypassed) });
        covering = listen(false);
      }
      pause(RETAKE_PAUSE_MS);
    }
    if (!stopping) {
      const error = errorInfo(failed?.code ?? ERROR.PIPE_BUSY, `intercept(${job.path})`, refusal.stoppedListening(job.path));
      report(first ? { type: 'failed', error } : { type: 'error', error, fatal: true });
      stopping = true;
    }
    return false;
  };

  /**
   * After a take, the spare listens behind the server's next free instance: Slotpipe waits (briefly) for
   * the server to make it, seen as one instance more than before the take.
   */
  const armSpare = (before: number): true => {
    const deadline = Date.now() + SPARE_WAIT_MS;
    const probe = [...listeners].at(-1);
    while (probe && listeners.has(probe) && currentInstances(probe.handle) <= before && Date.now() < deadline) pause(1);
    if (stopping) return true;
    spare = listen(false);
    // More than the server's next instance and the spare: clients took the server's instances before the spare listened.
    const extra = spare ? currentInstances(spare.handle) - before - 2 : 0;
    if (extra > 0) report({ type: 'notice', key: 'bypassed', message: notice.bypassed((bypassed += extra)) });
    return true;
  };

  /**
   * Whether an instance still waits for a client: a connection may not have been seen on the port yet.
   * Peeking a listening instance fails with ERROR_BAD_PIPE; a connected one (or one its client left) answers otherwise.
   */
  const isFree = (waiting: Listener): boolean =>
    listeners.has(waiting) && !k32.PeekNamedPipe(waiting.handle, null, 0, null, null, null) && k32.GetLastError() === ERROR.BAD_PIPE;

  /** Closes the instance of Slotpipe's that its own take reached (one not found is let go when its wait ends: see accept). */
  const discardOwnTaken = (): void => {
    const reached = [...listeners].find((l) => !isFree(l) && clientOf(l.handle) === ownPid);
    if (reached) discard(reached);
    else strayTakes++;
  };

  const listenNext = (): boolean => (upstreams ? listenIntercepted(false) : listen(false) !== undefined);

  /** Closes a listening instance (its pending wait comes back to the port and is let go). */
  const discard = (discarded: Listener): void => {
    listeners.delete(discarded);
    if (spare === discarded) spare = undefined;
    discarded.op.onComplete = () => port.release(discarded.op);
    k32.CancelIoEx(discarded.handle, null);
    k32.CloseHandle(discarded.handle);
    if (!discarded.op.pending) port.release(discarded.op);
  };

  const accept = (handle: number): void => {
    if (strayTakes && clientOf(handle) === ownPid) {
      // Slotpipe's own take reached this instance: no client of the intercept.
      strayTakes--;
      k32.CloseHandle(handle);
      if (!listeners.size && !stopping) listenNext();
      return;
    }
    // A live intercept's next instance listens before anything else: until it does, the server's free
    // instance is the oldest, and a client arriving now would reach the server directly.
    if (upstreams && !stopping) listenNext();
    const id = nextConnection++;
    const pid = clientOf(handle);
    report({ type: 'connected', connection: id, pid, image: pid ? processImage(pid) : undefined });
    const upstream = job.proxyTo ? connectUpstream(id, job.proxyTo) : upstreams ? heldUpstream(id) : undefined;
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
        if (!listeners.size && !stopping) listenNext();
      },
    }, readSizeFor(inBufferSize));
    connections.set(id, connection);
    if ((job.proxyTo || upstreams) && !upstream) return connection.hangUp('the real server could not be reached');
    // The next instance listens first: a read that completes at once may end this connection right here.
    if (!stopping && !upstreams) listenNext();
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
    return relay(id, opened, path);
  };

  /** Live intercept: the server's instance held for client `id`. */
  const heldUpstream = (id: number): PipeConnection | undefined => {
    const opened = upstreams!.next();
    if ('error' in opened) {
      report({ type: 'error', error: opened.error, fatal: false });
      return undefined;
    }
    return relay(id, opened, job.path);
  };

  const relay = (id: number, opened: OpenedPipe, path: string): PipeConnection => {
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

  if (!(upstreams ? listenIntercepted(true) : listen(true) !== undefined)) {
    upstreams?.close();
    drain(port);
    return;
  }
  const detail = intercepted && `intercepting the server's ${messageMode ? 'message' : 'byte'} pipe, server pid ${intercepted.shape.serverPid}`;
  report({ type: 'ready', port: port.handle, messageMode, detail });
  if (intercepted?.preExisting) report({ type: 'notice', key: 'pre-existing', message: notice.preExisting(job.path, intercepted.preExisting) });
  try {
    runCompletionLoop(port, batcher, commands, onCommand, () => stopping);
  } finally {
    for (const waiting of listeners) {
      k32.CancelIoEx(waiting.handle, null);
      k32.CloseHandle(waiting.handle);
    }
    for (const connection of connections.values()) connection.close();
    upstreams?.close();
    drain(port);
  }
}

/** A live intercept tries this often, this far apart, to take the server's free instance before stepping aside. */
const RETAKE_TRIES = 25;
const RETAKE_PAUSE_MS = 20;
/** How long a live intercept waits for the server's next instance before its spare listens anyway. */
const SPARE_WAIT_MS = 30;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Waits on the worker thread (never the main thread): the server needs a moment to make its next instance. */
function pause(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** The process at the other end of a connected instance, when known. */
function clientOf(handle: number): number | undefined {
  const pid = new Uint32Array(1);
  return k32.GetNamedPipeClientProcessId(handle, pid) && pid[0] !== 0 ? pid[0] : undefined;
}
