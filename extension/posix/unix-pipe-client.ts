/**
 * A pipe client off Windows: connects to the Unix socket of `\\.\pipe\name` (byte mode). Waits up to
 * `busyTimeout` while the server's backlog is full, as a Win32 client waits for a busy pipe.
 */
import net from 'node:net';
import type { PipeClient, PipeClientOptions, WatcherSink } from '../core/backend';
import type { Endpoint } from '../core/endpoint';
import type { Peer } from '../core/message';
import { SinkBatcher } from '../core/sink-batcher';
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
  const peer: Peer = { connection: 1 };
  let closing = false;
  let reason: string | undefined;
  const batcher = new SinkBatcher(sink, setImmediate);
  sink.event({ type: 'connected', peer });
  socket.on('data', (chunk: Buffer) => {
    batcher.push({ time: Date.now(), direction: 'in', bytes: new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length), peer });
  });
  socket.on('error', (err: NodeJS.ErrnoException) => {
    reason = err.code === 'ECONNRESET' || err.code === 'EPIPE' ? 'the server went away' : err.message;
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => {
    batcher.flush();
    sink.event({ type: 'disconnected', peer, reason: closing ? 'closed by this client' : reason ?? 'the server closed the pipe' });
    resolve();
  }));

  return {
    messageMode: false,
    send(bytes: Uint8Array) {
      if (socket.destroyed || !socket.writable) return Promise.reject(new Error(`${endpoint.path} is not connected`));
      const sent = bytes.slice(); // ours to keep, whatever the caller does with its buffer
      const time = Date.now();
      return new Promise<void>((resolve, reject) => socket.write(sent, (err) => {
        if (err) return reject(new Error(`writing to ${endpoint.path} failed: ${err.message}`));
        // What was written reaches the sink too, as the Win32 client reports its finished writes.
        batcher.push({ time, direction: 'out', bytes: sent, peer, unshared: true });
        resolve();
      }));
    },
    async close() {
      closing = true;
      socket.end();
      const timer = setTimeout(() => socket.destroy(), 200);
      await closed;
      clearTimeout(timer);
    },
  };
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
