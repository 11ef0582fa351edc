/**
 * A live intercept off Windows: the running server's socket file is moved aside (renamed, so the
 * server keeps its listening socket and its clients), Slotpipe serves the name as a proxy to the moved
 * socket, and on stop the server's socket is moved back. A Unix socket has no instance limit, type or
 * instance order, so none of the Win32 intercept's refusals or bypasses apply here.
 */
import fs from 'node:fs';
import type { WatchOptions, Watcher, WatcherSink } from '../core/backend';
import { parseEndpoint } from '../core/endpoint';
import { notice, refusal } from '../core/intercept-messages';
import { unixPipePath } from './pipe-path';
import { socketFileState } from './stale-socket';
import { watchUnixPipe } from './unix-pipe-server';

/** Where the server's socket waits while Slotpipe serves its name: a pipe name of its own, shown in the pipe list. */
export const ASIDE_SUFFIX = '.slotpipe-intercepted';

export function interceptUnixPipe(options: WatchOptions, sink: WatcherSink): Watcher {
  const { endpoint } = options;
  const directory = options.posix?.directory;
  const socketPath = unixPipePath(endpoint, directory);
  const aside = parseEndpoint(`\\\\.\\pipe\\${endpoint.name}${ASIDE_SUFFIX}`, 'pipe');
  const asidePath = unixPipePath(aside, directory);
  let proxy: Watcher | undefined;
  let moved = false;

  const moveBack = async () => {
    if (!moved) return;
    moved = false;
    // Only into a free place: a server that made a new socket meanwhile keeps it.
    if ((await socketFileState(socketPath)) === 'absent') await fs.promises.rename(asidePath, socketPath);
  };

  return {
    async start() {
      // A socket left aside by an intercept that ended without stopping goes back first.
      if ((await socketFileState(asidePath)) === 'live' && (await socketFileState(socketPath)) === 'absent') await fs.promises.rename(asidePath, socketPath);
      // On Linux the kernel's table says whether the server listens, without a connection it would see.
      const sockets = serverSockets(socketPath);
      const live = sockets ? sockets.listening && fs.existsSync(socketPath) : (await socketFileState(socketPath)) === 'live';
      if (!live) throw new Error(`cannot intercept ${endpoint.path}: ${refusal.noServer(endpoint.path)}`);
      if ((await socketFileState(asidePath)) !== 'absent') throw new Error(`cannot intercept ${endpoint.path}: ${asidePath} exists (is it intercepted already?)`);
      const before = sockets?.connections ?? 0;
      // Whoever may connect to the server may connect to Slotpipe's socket in its place.
      const mode = options.posix?.mode ?? (await fs.promises.stat(socketPath)).mode & 0o777;
      await fs.promises.rename(socketPath, asidePath);
      moved = true;
      proxy = watchUnixPipe({ ...options, intercept: false, proxyTo: aside, posix: { ...options.posix, mode } }, {
        messages: (batch) => sink.messages(batch),
        event: (event) => sink.event(event.type === 'listening' ? { type: 'listening', detail: `${event.detail}; the server's socket waits at ${asidePath}` } : event),
      });
      try {
        await proxy.start();
      } catch (err) {
        proxy = undefined;
        await moveBack();
        throw err;
      }
      if (before) sink.event({ type: 'notice', key: 'pre-existing', message: notice.preExisting(endpoint.path, before) });
    },
    async stop() {
      const running = proxy;
      proxy = undefined;
      await running?.stop();
      await moveBack();
    },
    send: (bytes, connection) => {
      if (!proxy?.send) return Promise.reject(new Error(`${endpoint.path} is not being intercepted`));
      return proxy.send(bytes, connection);
    },
  };
}

/**
 * The server's sockets on this path now, from Linux's /proc/net/unix: whether one listens (flag
 * __SO_ACCEPTCON), and how many accepted connections carry the path (state 03 = connected). Read without
 * connecting, so the server sees nothing; undefined off Linux.
 */
function serverSockets(socketPath: string): { listening: boolean; connections: number } | undefined {
  let table: string;
  try {
    table = fs.readFileSync('/proc/net/unix', 'utf8');
  } catch {
    return undefined;
  }
  const found = { listening: false, connections: 0 };
  for (const line of table.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 8 || fields.slice(7).join(' ') !== socketPath) continue;
    if (parseInt(fields[3], 16) & ACCEPTING) found.listening = true;
    else if (fields[5] === '03') found.connections++;
  }
  return found;
}

const ACCEPTING = 0x10000;
