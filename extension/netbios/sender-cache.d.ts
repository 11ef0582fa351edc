/**
 * The senders a watcher heard from lately, by UDP address, port and encoded NetBIOS source name: each
 * one's peer (`10.0.0.5:138`, `HOST<00>`) and address bytes are made once, so a busy sender costs no
 * new strings or objects per datagram. Bounded. Pure.
 */
import type { Peer } from '../core/message';
export interface Sender {
    /** Shared by every datagram of this sender: never write to it. */
    readonly peer: Peer;
    /** The four bytes of the UDP source address. */
    readonly address: Uint8Array;
}
export declare class SenderCache {
    private readonly byAddress;
    private size;
    /** The sender of the last datagram: most datagrams come from it, and then no map is looked into. */
    private last;
    /**
     * The sender of a datagram from `address`:`port` whose encoded source name lies at
     * `datagram[nameStart, nameEnd)` (an empty range: no source name).
     */
    of(address: string, port: number, datagram: Uint8Array, nameStart: number, nameEnd: number): Sender;
    private add;
}
