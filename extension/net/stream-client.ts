/**
 * A connected stream socket (a Unix-socket pipe, a TCP connection) as a PipeClient: what arrives is
 * handed to the sink in batches as `in`, what was written as `out` (as the Win32 pipe client reports
 * its finished writes), and the end of the connection once, with why.
 */
import type net from 'node:net';
import type { PipeClient, WatcherSink } from '../core/backend';
import type { Peer } from '../core/message';
import { SinkBatcher } from '../core/sink-batcher';

export interface StreamClientOptions {
  /** How the connection is named in errors: `\\.\pipe\x`, `tcp://host:port`. */
  name: string;
  peer: Peer;
  /** Why the connection ended, from the socket's error (the other side's words for resets). */
  endReason(err: NodeJS.ErrnoException): string;
  /** Why it ended when the other side closed it cleanly. */
  closedByPeer: string;
}

export function streamClient(socket: net.Socket, sink: WatcherSink, options: StreamClientOptions): PipeClient {
  const { name, peer } = options;
  let closing = false;
  let reason: string | undefined;
  const batcher = new SinkBatcher(sink, setImmediate);
  sink.event({ type: 'connected', peer });
  socket.on('data', (chunk: Buffer) => {
    batcher.push({ time: Date.now(), direction: 'in', bytes: new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length), peer });
  });
  socket.on('error', (err: NodeJS.ErrnoException) => {
    reason = options.endReason(err);
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => {
    batcher.flush();
    sink.event({ type: 'disconnected', peer, reason: closing ? 'closed by this client' : reason ?? options.closedByPeer });
    resolve();
  }));

  return {
    messageMode: false,
    send(bytes: Uint8Array) {
      if (socket.destroyed || !socket.writable) return Promise.reject(new Error(`${name} is not connected`));
      const sent = new Uint8Array(bytes); // ours to keep, whatever the caller does with its buffer (a Buffer's slice is a view)
      const time = Date.now();
      return new Promise<void>((resolve, reject) => socket.write(sent, (err) => {
        if (err) return reject(new Error(`writing to ${name} failed: ${err.message}`));
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
