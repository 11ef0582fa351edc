/**
 * The datagram sockets this process's watchers listen on, by port. A sender whose `sourcePort` is a
 * watched port sends through the watcher's socket, as the one NetBIOS datagram service of a Windows
 * machine does: replies (which go back to the UDP source port) then reach that watcher.
 */
import type dgram from 'node:dgram';

interface Listening {
  socket: dgram.Socket;
  address: string;
}

const byPort = new Map<number, Set<Listening>>();

export function registerListening(port: number, entry: Listening): () => void {
  let set = byPort.get(port);
  if (!set) byPort.set(port, (set = new Set()));
  set.add(entry);
  return () => {
    set.delete(entry);
    if (!set.size) byPort.delete(port);
  };
}

/** A watcher's socket on `port` that can send to `destination`: bound to all addresses, or to a unicast one. */
export function listeningSocket(port: number): dgram.Socket | undefined {
  for (const entry of byPort.get(port) ?? []) {
    // A socket bound to a broadcast address cannot send; one bound to 0.0.0.0 or a host address can.
    if (!entry.address.endsWith('.255')) return entry.socket;
  }
  return undefined;
}
