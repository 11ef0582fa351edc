/**
 * Reads a pcap or pcapng file and lists every mailslot datagram in it (UDP to or from the NetBIOS
 * datagram port), decoded through all layers; packets that are not IPv4/UDP are counted, fragments
 * and broken frames reported. The file is read as a stream (pcap-reader.ts); only the datagrams are
 * kept, each in a copy of its own. Never throws. Pure.
 */
import type { RawMessage } from '../core/message';
import { type ByteSource, type CaptureProblem } from './pcap-reader';
import { type MailslotDatagram } from './mailslot-datagram';
export interface CaptureOptions {
    /** UDP ports that carry NetBIOS datagrams (default [138]); a packet to or from any of them is read. */
    ports?: number[];
}
export interface CaptureDatagram {
    /** The packet number in the file (1-based, as Wireshark shows it). */
    packet: number;
    /** Milliseconds since the Unix epoch (NaN when the file has no time stamp for it). */
    time: number;
    /** `ip:port` from the UDP header. */
    source: string;
    destination: string;
    /** NetBIOS source and destination names as `NAME<xx>` ('' when unreadable). */
    sourceName: string;
    destinationName: string;
    /** `\MAILSLOT\name` ('' when there is none). */
    mailslot: string;
    /** The endpoint a watcher of this mailslot names: `\\.\mailslot\name` (`\\.\mailslot\*` without one). */
    endpoint: string;
    /** The mailslot data; decode it with the decoders. */
    data: Uint8Array;
    decoded: MailslotDatagram;
    /** The IPv4 packet as captured. */
    wire: Uint8Array;
    /** Problems of this datagram at every layer (IP/UDP, datagram, SMB, browser). */
    problems: string[];
}
export interface CaptureResult {
    format: 'pcap' | 'pcapng' | 'unknown';
    /** Packets in the file. */
    packets: number;
    /** Link types seen. */
    linkTypes: number[];
    datagrams: CaptureDatagram[];
    /** Packets that were something else (ARP, IPv6, TCP, other UDP ports). */
    skipped: number;
    /** File-level and packet-level problems: damaged blocks, fragments, unsupported link types. */
    problems: CaptureProblem[];
}
export declare function readCapture(input: ByteSource | Uint8Array, options?: CaptureOptions): CaptureResult;
/** `\MAILSLOT\name` → `\\.\mailslot\name`; datagrams without a readable mailslot → `\\.\mailslot\*`. */
export declare function mailslotEndpoint(mailslot: string): string;
/**
 * The datagrams of a capture as messages for the traffic log (direction 'in', network origin), with their
 * endpoint. A packet without a usable time stamp gets the Unix epoch, as Wireshark shows it.
 */
export declare function captureMessages(capture: CaptureResult): {
    endpoint: string;
    raw: RawMessage;
}[];
/** One line that names a capture's datagram (`#12 <time> <source> NAME<00> → NAME<1d> \MAILSLOT\x`) and its details as data. */
export declare function describeCaptureDatagram(d: CaptureDatagram): {
    label: string;
    details: Record<string, unknown>;
};
