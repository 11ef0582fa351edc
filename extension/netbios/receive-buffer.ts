/**
 * The socket receive buffer of a datagram watcher: asked large enough to hold a burst of ~50,000
 * mailslot datagrams (each costs the kernel about 1 KiB or more), because what does not fit is dropped
 * before the watcher sees it. The system caps it (Linux: net.core.rmem_max, then doubles it), so what
 * was asked for, what was given and the cap are kept to be shown.
 */
import type dgram from 'node:dgram';
import fs from 'node:fs';

export const RECEIVE_BUFFER_ASKED = 64 * 1024 * 1024;

export interface ReceiveBuffer {
  asked: number;
  /** What the socket reports after the request (Linux reports twice what it grants, counting its overhead). */
  got: number;
  /** Linux's net.core.rmem_max, when readable. */
  limit?: number;
}

export function askReceiveBuffer(socket: dgram.Socket, asked = RECEIVE_BUFFER_ASKED): ReceiveBuffer {
  try {
    socket.setRecvBufferSize(asked);
  } catch {
    // Refused outright (some systems fail rather than cap): the default buffer stays, reported below.
  }
  return { asked, got: socket.getRecvBufferSize(), limit: systemLimit() };
}

function systemLimit(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return Number(fs.readFileSync('/proc/sys/net/core/rmem_max', 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

export function describeReceiveBuffer({ asked, got, limit }: ReceiveBuffer): string {
  const kib = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en-US')} KiB`;
  if (got >= asked) return `receive buffer ${kib(got)}`;
  const cap = limit === undefined ? 'the system allows less' : `the system allows ${kib(limit)} (net.core.rmem_max, which Linux doubles)`;
  return `receive buffer ${kib(got)} (asked for ${kib(asked)}; ${cap}, so a long burst can be dropped)`;
}
