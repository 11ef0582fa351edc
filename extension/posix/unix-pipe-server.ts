/**
 * A pipe server off Windows: a Unix socket at the .NET path of `\\.\pipe\name`, many clients at once,
 * byte mode. With `proxyTo` it relays each client to the real server's socket, both directions. The socket file appears with its final permissions (0600 unless told otherwise): it is
 * bound in a private folder, narrowed, then hard-linked into place, which also fails instead of
 * replacing a socket another server created meanwhile. A stale socket file is removed only when
 * nobody answers on it.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { WatchOptions, Watcher, WatcherSink } from '../core/backend';
import type { Peer } from '../core/message';
import { SinkBatcher } from '../core/sink-batcher';
import { bindFolderPrefix, unixPipePath } from './pipe-path';
import { relayToUpstream } from './unix-pipe-relay';
import { removeIfStale, socketFileState } from './stale-socket';
import { errorMessage } from '../core/error-message';

const DEFAULT_MODE = 0o600;
/** Clients that may wait for a free instance; more are turned away (each holds a descriptor). */
const MAX_WAITING = 64;

export interface UnixPipeWatcher extends Watcher {
  /** The socket file, once listening. */
  readonly socketPath: string;
  /** Connection ids of the clients connected now. */
  connections(): number[];
}

export function watchUnixPipe(options: WatchOptions, sink: WatcherSink): UnixPipeWatcher {
  const { endpoint } = options;
  const socketPath = unixPipePath(endpoint, options.posix?.directory);
  const mode = options.posix?.mode ?? DEFAULT_MODE;
  const clients = new Map<number, net.Socket>();
  let server: net.Server | undefined;
  let ownInode: number | undefined;
  let nextConnection = 1;
  const batcher = new SinkBatcher(sink, setImmediate);
  let stopping: Promise<void> | undefined;

  const upstreamPath = options.proxyTo && unixPipePath(options.proxyTo, options.posix?.directory);

  // Clients past maxInstances wait, unread, for an instance to be free, as a Win32 client waits for a busy pipe.
  const waiting: net.Socket[] = [];
  const arrive = (socket: net.Socket) => {
    if (!options.maxInstances || clients.size < options.maxInstances) return accept(socket);
    if (waiting.length >= MAX_WAITING) {
      socket.destroy();
      sink.event({ type: 'error', message: `${endpoint.path}: all ${options.maxInstances} instance(s) busy and ${MAX_WAITING} clients waiting; one more was turned away`, fatal: false });
      return;
    }
    socket.pause();
    waiting.push(socket);
    socket.once('close', () => waiting.includes(socket) && waiting.splice(waiting.indexOf(socket), 1));
    sink.event({ type: 'error', message: `${endpoint.path}: all ${options.maxInstances} instance(s) busy; a client waits for one to be free (${waiting.length} waiting)`, fatal: false });
  };

  const accept = (socket: net.Socket) => {
    const connection = nextConnection++;
    const peer: Peer = { connection };
    clients.set(connection, socket);
    sink.event({ type: 'connected', peer });
    let reason: string | undefined;
    if (upstreamPath) {
      relayToUpstream(socket, upstreamPath, peer, batcher, (message) => sink.event({ type: 'error', message: `${endpoint.path}: ${message}`, fatal: false }));
    } else {
      socket.on('data', (chunk: Buffer) => {
        batcher.push({ time: Date.now(), direction: 'in', bytes: new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length), peer });
      });
    }
    socket.on('error', (err: NodeJS.ErrnoException) => {
      reason = err.code === 'ECONNRESET' || err.code === 'EPIPE' ? 'the client went away' : err.message;
    });
    socket.on('close', () => {
      clients.delete(connection);
      batcher.flush();
      if (!stopping) sink.event({ type: 'disconnected', peer, ...(reason ? { reason } : {}) });
      const next = waiting.shift();
      if (next && !stopping) accept(next);
    });
    socket.resume();
  };

  const listen = async (): Promise<void> => {
    const prefix = bindFolderPrefix(socketPath);
    const state = await socketFileState(socketPath);
    if (state === 'live') throw new Error(`${endpoint.path} is already served by another program (its socket ${socketPath} answers)`);
    if (state === 'forbidden') {
      throw new Error(`${endpoint.path}: its socket ${socketPath} belongs to another user (connecting to it was refused with EACCES); whether it is still served cannot be told, so it is left alone (its owner or root can remove it)`);
    }
    if (state === 'stale') await removeIfStale(socketPath);
    const privateFolder = await fs.promises.mkdtemp(prefix);
    const bound = path.join(privateFolder, 's');
    try {
      const s = net.createServer({ allowHalfOpen: false, pauseOnConnect: false }, arrive);
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(bound, () => {
          s.off('error', reject);
          resolve();
        });
      });
      server = s;
      await fs.promises.chmod(bound, mode);
      try {
        await fs.promises.link(bound, socketPath);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        if (!(await removeIfStale(socketPath))) throw new Error(`${endpoint.path} was just created by another program`);
        await fs.promises.link(bound, socketPath);
      }
      ownInode = (await fs.promises.lstat(socketPath)).ino;
      s.on('error', (err: NodeJS.ErrnoException) => sink.event({ type: 'error', message: `${endpoint.path}: ${err.message}`, code: err.code, fatal: false }));
    } catch (err) {
      await closeServer();
      throw err;
    } finally {
      await fs.promises.rm(privateFolder, { recursive: true, force: true });
    }
  };

  const closeServer = async () => {
    const s = server;
    server = undefined;
    for (const socket of [...clients.values(), ...waiting.splice(0)]) socket.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  const writeTo = (socket: net.Socket, bytes: Uint8Array) =>
    new Promise<void>((resolve, reject) => socket.write(bytes, (err) => (err ? reject(err) : resolve())));

  return {
    socketPath,
    connections: () => [...clients.keys()],
    async start() {
      if (server) throw new Error(`the pipe server ${endpoint.path} is already started`);
      try {
        await listen();
      } catch (err) {
        const message = `cannot create ${endpoint.path}: ${errorMessage(err)}`;
        sink.event({ type: 'error', message, code: (err as NodeJS.ErrnoException).code, fatal: true });
        throw Object.assign(new Error(message), { code: (err as NodeJS.ErrnoException).code });
      }
      sink.event({ type: 'listening', detail: `Unix socket ${socketPath} (mode ${mode.toString(8).padStart(4, '0')}, byte mode)` });
    },
    async send(bytes: Uint8Array, connection?: number) {
      if (options.direction === 'inbound') throw new Error(`${endpoint.path} is an inbound pipe: the server only reads`);
      if (connection !== undefined) {
        const socket = clients.get(connection);
        if (!socket) throw new Error(`${endpoint.path} has no connected client ${connection} (connected: ${[...clients.keys()].join(', ') || 'none'})`);
        return writeTo(socket, bytes);
      }
      if (!clients.size) throw new Error(`${endpoint.path} has no connected client to send to`);
      await Promise.all([...clients.values()].map((socket) => writeTo(socket, bytes)));
    },
    stop() {
      stopping ??= (async () => {
        await closeServer();
        batcher.flush();
        // Remove the socket file only while it is still ours (another server may have replaced it).
        if (ownInode !== undefined) {
          const stat = await fs.promises.lstat(socketPath).catch(() => undefined);
          if (stat?.ino === ownInode) await fs.promises.rm(socketPath, { force: true });
        }
        sink.event({ type: 'stopped' });
      })();
      return stopping;
    },
  };
}
