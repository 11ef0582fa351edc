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
export declare function registerListening(port: number, entry: Listening): () => void;
/** A watcher's socket on `port` that can send to `destination`: bound to all addresses, or to a unicast one. */
export declare function listeningSocket(port: number): dgram.Socket | undefined;
export {};
