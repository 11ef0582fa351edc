/**
 * The Unix-socket proxy's relay: one client of Slotpipe's socket and its own connection to the real
 * server's socket, bytes passed on as they come (client → server logged `in`, server → client `out`).
 * A side that cannot take more pauses the other (bounded memory); either side closing closes both.
 */
import net from 'node:net';
import type { Peer } from '../core/message';
import type { SinkBatcher } from '../core/sink-batcher';

export function relayToUpstream(client: net.Socket, upstreamPath: string, peer: Peer, batcher: SinkBatcher, warn: (message: string) => void): void {
  const upstream = net.createConnection(upstreamPath);
  const pass = (from: net.Socket, to: net.Socket, direction: 'in' | 'out') => {
    from.on('data', (chunk: Buffer) => {
      batcher.push({ time: Date.now(), direction, bytes: new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length), peer });
      if (!to.write(chunk)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
    });
    from.on('end', () => to.end());
    from.on('close', () => to.destroy());
  };
  pass(client, upstream, 'in');
  pass(upstream, client, 'out');
  upstream.on('error', (err: NodeJS.ErrnoException) => {
    warn(`the real server's socket ${upstreamPath} failed: ${err.code === 'ECONNREFUSED' || err.code === 'ENOENT' ? 'nobody listens on it' : err.message}`);
  });
}
