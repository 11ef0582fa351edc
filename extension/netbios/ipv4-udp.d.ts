export interface UdpPacket {
    source: string;
    sourcePort: number;
    destination: string;
    destinationPort: number;
    payload: Uint8Array;
    /** Problems that did not stop reading (e.g. a length that disagrees with the bytes). */
    problems: string[];
}
export type Ipv4Result = {
    kind: 'udp';
    udp: UdpPacket;
} | {
    kind: 'other';
    what: string;
}
/** A fragment: `udp` is set for the first one when its UDP header is there. */
 | {
    kind: 'fragment';
    message: string;
    sourcePort?: number;
    destinationPort?: number;
} | {
    kind: 'problem';
    message: string;
};
/** The four bytes of a dotted IPv4 address, parsed once and then remembered (never write to them). */
export declare function ipv4AddressBytes(text: string): Uint8Array;
export declare function readIpv4Udp(packet: Uint8Array): Ipv4Result;
/** Wraps a UDP payload in IPv4 and UDP headers with valid checksums (TTL 64, don't fragment). */
export declare function buildIpv4Udp(source: string, sourcePort: number, destination: string, destinationPort: number, payload: Uint8Array, id?: number): Uint8Array;
/** The IPv4 (20) and UDP (8) headers in front of the payload. */
export declare const IPV4_UDP_HEADERS = 28;
/** The payload length, or a throw when the packet would not fit in IPv4's 16-bit total length. */
export declare function checkedPayloadLength(length: number): number;
/**
 * Writes both headers of the packet at `at` in `out`, whose payload (`length` bytes) already follows
 * them. `payloadSum` is the payload's one's-complement sum as big-endian 16-bit words (any number of
 * carries; an odd last byte counts as its word's high byte).
 */
export declare function writeIpv4UdpHeaders(out: Uint8Array, at: number, source: Uint8Array, sourcePort: number, destination: Uint8Array, destinationPort: number, length: number, payloadSum: number, id?: number): void;
/** One's-complement folding of a sum into 16 bits. */
export declare function foldChecksum(sum: number): number;
