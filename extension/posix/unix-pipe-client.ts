/**
 * A pipe client off Windows: connects to the Unix socket of `\\.\pipe\name` (byte mode). Waits up to
 * `busyTimeout` while the server's backlog is full, as a Win32 client waits for a busy pipe.
 */
import net from 'node:net';
import type { PipeClient, PipeClientOptions, WatcherSink } from '../core/backend';
import type { Endpoint } from '../core/endpoint';
import { streamClient } from '../net/stream-client';
import { unixPipePath } from './pipe-path';

const RETRY_DELAY = 50;

export async function connectUnixPipe(endpoint: Endpoint, options: PipeClientOptions, sink: WatcherSink): Promise<PipeClient> {
  const socketPath = unixPipePath(endpoint, options.posix?.directory);
  const deadline = Date.now() + (options.busyTimeout ?? 5000);
  let socket: net.Socket;
  for (;;) {
    try {
      socket = await connectOnce(socketPath);
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY));
        continue;
      }
      throw Object.assign(new Error(connectErrorMessage(endpoint.path, socketPath, err as NodeJS.ErrnoException)), { code });
    }
  }
  return streamClient(socket, sink, {
    name: endpoint.path,
    peer: { connection: 1 },
    endReason: (err) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? 'the server went away' : err.message),
    closedByPeer: 'the server closed the pipe',
  });
}

function connectOnce(socketPath: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function connectErrorMessage(pipe: string, socketPath: string, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return `no server is listening on ${pipe} (there is no socket ${socketPath})`;
    case 'ECONNREFUSED':
      return `no server is listening on ${pipe}: its socket ${socketPath} is stale (left by a server that is gone)`;
    case 'EACCES':
      return `no permission to connect to ${pipe}: the socket ${socketPath} belongs to another user or is not writable for you`;
    case 'EAGAIN':
      return `${pipe} is busy: its server did not accept a connection in time (all instances in use)`;
    default:
      return `cannot connect to ${pipe} (${socketPath}): ${err.message}`;
  }
}
