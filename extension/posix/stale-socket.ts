/**
 * A socket file left behind by a server that died: connecting to it is refused. Probe before taking
 * its place, and never remove a socket someone still answers on, nor a file that is not a socket.
 */
import fs from 'node:fs';
import net from 'node:net';

/** `forbidden`: a socket this user may not connect to (another user's), live or stale: it cannot be told. */
export type SocketFileState = 'absent' | 'live' | 'stale' | 'forbidden';

export async function socketFileState(socketPath: string): Promise<SocketFileState> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.lstat(socketPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw err;
  }
  if (!stat.isSocket()) throw new Error(`${socketPath} exists and is not a socket; Slotpipe leaves it alone (remove or rename it yourself)`);
  return new Promise<SocketFileState>((resolve) => {
    const probe = net.createConnection(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve('live');
    });
    probe.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' || err.code === 'ENOENT') resolve('stale');
      else resolve(err.code === 'EACCES' || err.code === 'EPERM' ? 'forbidden' : 'live');
    });
  });
}

/** Removes a stale socket file (after a fresh probe); returns whether it was removed. */
export async function removeIfStale(socketPath: string): Promise<boolean> {
  if ((await socketFileState(socketPath)) !== 'stale') return false;
  await fs.promises.rm(socketPath, { force: true });
  return true;
}
