/**
 * A TCP client for a discovered server (the seed client's "ping" connection): connects within a time
 * limit and turns refusals, timeouts and resets into one sentence each.
 */
import net from 'node:net';
import type { PipeClient, WatcherSink } from '../core/backend';
import type { TcpAddress } from '../core/tcp-address';
import { streamClient } from './stream-client';

export interface TcpClientOptions {
  /** How long to wait for the connection, in ms (default 5000). */
  connectTimeout?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

export function connectTcp(address: TcpAddress, options: TcpClientOptions, sink: WatcherSink): Promise<PipeClient> {
  const timeout = options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host: address.host, port: address.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error(`${address.url}: no answer within ${timeout / 1000} s (the server is gone, or a firewall drops the connection)`), { code: 'ETIMEDOUT' }));
    }, timeout);
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(tcpErrorMessage(address, err)), { code: err.code }));
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.setNoDelay(true);
      const local = `${socket.localAddress}:${socket.localPort}`;
      resolve(streamClient(socket, sink, {
        name: address.url,
        peer: { connection: 1, address: `${address.host}:${address.port}` },
        endReason: (e) => tcpErrorMessage(address, e),
        closedByPeer: `${address.url} closed the connection (from ${local})`,
      }));
    });
  });
}

/** One line for what went wrong with a connection to `address`. */
export function tcpErrorMessage(address: TcpAddress, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return `${address.url}: connection refused (nothing listens on port ${address.port} there)`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `${address.url}: the server reset the connection`;
    case 'ETIMEDOUT':
      return `${address.url}: the connection timed out`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${address.url}: ${address.host} cannot be reached from here (no route)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${address.url}: the host name ${address.host} does not resolve`;
    default:
      return `${address.url}: ${err.message}`;
  }
}
