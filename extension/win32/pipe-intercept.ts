/**
 * Live intercept of a running pipe server, on the I/O worker: Slotpipe connects to the server's free
 * listening instance as a client and holds it (an "upstream"), learns the pipe's type, direction and
 * instance limit from it, and then serves instances of its own under the same name. A client reaches
 * the oldest free instance (as Windows documents, and as Wine does), so the order is: Slotpipe's
 * instance starts listening first, then Slotpipe takes the server's free instance; the server's next
 * one is newer than Slotpipe's. Every held upstream is checked to lead to the server, not to
 * Slotpipe's own instance.
 */
import type { PipeDirection, PipeMode } from '../core/backend';
import { refusal } from '../core/intercept-messages';
import type { CompletionPort } from './completion-port';
import { ERROR, errorInfo, type Win32ErrorInfo } from './errors';
import { GENERIC_READ, GENERIC_WRITE, PIPE_TYPE_MESSAGE, PIPE_UNLIMITED_INSTANCES, k32 } from './kernel32';
import { openPipeClient, type OpenedPipe } from './pipe-client-loop';

/** What Slotpipe's own instances must match: the server's pipe as a client sees it. */
export interface ServerShape {
  messageMode: boolean;
  direction: PipeDirection;
  /** The pipe's instance limit as the server created it (255: unlimited); every instance must give the same. */
  maxInstances: number;
  inBufferSize: number;
  outBufferSize: number;
  serverPid: number;
}

export interface InterceptRequest {
  path: string;
  busyTimeout: number;
  /** Set when the watcher asks for a type or direction: refused when the server's differs. */
  requiredMode?: PipeMode;
  requiredDirection?: PipeDirection;
}

/** How long a server may take to make its next listening instance after Slotpipe took its free one. */
const NEXT_INSTANCE_MS = 1000;
const DEFAULT_BUFFER = 64 * 1024;

export type Take = 'held' | 'own' | Win32ErrorInfo;

/** The server's instances Slotpipe holds as a client, oldest first, each waiting for a client of Slotpipe's. */
export class HeldUpstreams {
  private readonly held: OpenedPipe[] = [];
  private readonly ownPid = k32.GetCurrentProcessId();

  private constructor(
    private readonly request: InterceptRequest,
    private readonly port: CompletionPort,
    first: OpenedPipe,
  ) {
    this.held.push(first);
  }

  /**
   * Takes the server's free instance and reads the pipe's shape from it. Refuses (with the way out) when
   * Slotpipe could not add an instance without harm: no server, the instance limit reached, a type or
   * direction other than asked, or a server that made no new instance while Slotpipe held its free one
   * (one client at a time: with FILE_FLAG_FIRST_PIPE_INSTANCE it could not listen again).
   */
  static open(request: InterceptRequest, port: CompletionPort, stopped: () => boolean):
    { upstreams: HeldUpstreams; shape: ServerShape; preExisting: number } | { error: Win32ErrorInfo } {
    const { path } = request;
    const operation = `intercept(${path})`;
    const opened = openPipeClient(path, request.busyTimeout, stopped, port);
    if ('error' in opened) {
      const hint = opened.error.code === ERROR.FILE_NOT_FOUND ? refusal.noServer(path) : opened.error.code === ERROR.PIPE_BUSY ? refusal.allBusy(path) : opened.error.hint;
      return { error: { ...opened.error, hint } };
    }
    const refuse = (code: number, hint: string) => {
      k32.CloseHandle(opened.handle);
      return { error: errorInfo(code, operation, hint) };
    };
    const serverPid = serverProcess(opened.handle);
    if (serverPid === k32.GetCurrentProcessId()) return refuse(ERROR.PIPE_BUSY, refusal.ownInstance(path));
    const flags = new Uint32Array(1);
    const outSize = new Uint32Array(1);
    const inSize = new Uint32Array(1);
    const limit = new Uint32Array(1);
    if (!k32.GetNamedPipeInfo(opened.handle, flags, outSize, inSize, limit)) return refuse(k32.GetLastError(), 'GetNamedPipeInfo failed on the server\'s instance');
    const maxInstances = limit[0] === 0 || limit[0] >= PIPE_UNLIMITED_INSTANCES ? PIPE_UNLIMITED_INSTANCES : limit[0];
    if (maxInstances < PIPE_UNLIMITED_INSTANCES && currentInstances(opened.handle) >= maxInstances) {
      return refuse(ERROR.PIPE_BUSY, refusal.instanceLimit(path, maxInstances));
    }
    const messageMode = (flags[0] & PIPE_TYPE_MESSAGE) !== 0;
    const serverMode: PipeMode = messageMode ? 'message' : 'byte';
    if (request.requiredMode && request.requiredMode !== serverMode) {
      return refuse(ERROR.ACCESS_DENIED, refusal.typeDiffers(path, serverMode, `${request.requiredMode} mode`));
    }
    const direction = directionOf(opened.access);
    if (request.requiredDirection && request.requiredDirection !== direction) {
      return refuse(ERROR.ACCESS_DENIED, refusal.directionDiffers(path, direction, request.requiredDirection));
    }
    // A server that keeps a listener makes its next instance as soon as a client connects; with no
    // instance of Slotpipe's yet, a free instance now can only be the server's.
    if (!k32.WaitNamedPipeW(path, NEXT_INSTANCE_MS)) return refuse(k32.GetLastError(), refusal.oneAtATime(path));
    // The server's instances now: the one held, its new listener, and connections Slotpipe never sees.
    const preExisting = Math.max(0, currentInstances(opened.handle) - 2);
    const shape: ServerShape = {
      messageMode,
      direction,
      maxInstances,
      inBufferSize: inSize[0] || DEFAULT_BUFFER,
      outBufferSize: outSize[0] || DEFAULT_BUFFER,
      serverPid,
    };
    return { upstreams: new HeldUpstreams(request, port, opened), shape, preExisting };
  }

  /**
   * Takes the server's free instance; call it right after an instance of Slotpipe's started listening,
   * so that one is older than whatever the server makes next. 'own' when the handle reached Slotpipe's
   * own instance (closed again): the server had no free instance older than Slotpipe's.
   */
  take(): Take {
    const opened = openPipeClient(this.request.path, 0, () => true, this.port);
    if ('error' in opened) return opened.error;
    if (serverProcess(opened.handle) === this.ownPid) {
      k32.CloseHandle(opened.handle);
      return 'own';
    }
    this.held.push(opened);
    return 'held';
  }

  /** The oldest held upstream for a client of Slotpipe's, or (none held) the server's free instance now. */
  next(): OpenedPipe | { error: Win32ErrorInfo } {
    const held = this.held.shift();
    if (held) return held;
    const opened = openPipeClient(this.request.path, this.request.busyTimeout, () => false, this.port);
    if ('error' in opened) return opened;
    if (serverProcess(opened.handle) !== this.ownPid) return opened;
    k32.CloseHandle(opened.handle);
    return { error: errorInfo(ERROR.PIPE_BUSY, `intercept(${this.request.path})`, refusal.stoppedListening(this.request.path)) };
  }

  close(): void {
    for (const opened of this.held.splice(0)) k32.CloseHandle(opened.handle);
  }
}

function serverProcess(handle: number): number {
  const pid = new Uint32Array(1);
  return k32.GetNamedPipeServerProcessId(handle, pid) ? pid[0] : 0;
}

/** Every instance of the pipe that exists now (the server's, Slotpipe's, connected or not), read through any handle of it. */
export function currentInstances(handle: number): number {
  const count = new Uint32Array(1);
  return k32.GetNamedPipeHandleStateW(handle, null, count, null, null, null, 0) ? count[0] : 0;
}

/** The server's direction from the access a client got: both ways, or the only way it allows. */
function directionOf(access: number): PipeDirection {
  if (access & GENERIC_READ && access & GENERIC_WRITE) return 'duplex';
  return access & GENERIC_WRITE ? 'inbound' : 'outbound';
}
