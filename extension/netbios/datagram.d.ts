/**
 * The NetBIOS Datagram Service packet (RFC 1002 §4.4): a 10-byte header, then for direct and broadcast
 * datagrams DGM_LENGTH, PACKET_OFFSET, the source and destination names and the user data.
 * Decoding never throws: every problem is a precise sentence in `problems`. Pure.
 */
import { type NetbiosName } from './netbios-name';
export declare const DatagramType: {
    readonly directUnique: 16;
    readonly directGroup: 17;
    readonly broadcast: 18;
    readonly error: 19;
    readonly queryRequest: 20;
    readonly positiveQueryResponse: 21;
    readonly negativeQueryResponse: 22;
};
export declare const DATAGRAM_ERROR_NAMES: Record<number, string>;
/** Node types in the SNT flag bits. */
export declare const NODE_TYPES: readonly ['B node', 'P node', 'M node', 'NBDD'];
/**
 * RFC 1002 gives 512 bytes of user data; Samba accepts datagrams up to 576 bytes and Windows sends 424-byte
 * mailslot messages to names of any length, so larger datagrams are carried and read, not refused.
 */
export declare const MAX_USER_DATA = 512;
export interface DatagramHeader {
    type: number;
    /** `more` (M bit): more fragments follow; `first` (F bit): this is the first fragment. */
    more: boolean;
    first: boolean;
    nodeType: number;
    id: number;
    sourceIp: string;
    sourcePort: number;
}
export interface Datagram extends DatagramHeader {
    typeName: string;
    /** Direct and broadcast datagrams: DGM_LENGTH as sent (names plus user data). */
    length?: number;
    /** Direct and broadcast datagrams: PACKET_OFFSET, the position of this fragment's data. */
    offset?: number;
    sourceName?: NetbiosName;
    destinationName?: NetbiosName;
    userData?: Uint8Array;
    /** Error datagrams: ERROR_CODE. */
    errorCode?: number;
    /** True when this is one fragment of a larger datagram (not reassembled). */
    fragment: boolean;
    problems: string[];
}
export interface DirectDatagramFields extends DatagramHeader {
    sourceName: NetbiosName;
    destinationName: NetbiosName;
    offset?: number;
    userData: Uint8Array;
}
/** Encodes a direct unique, direct group or broadcast datagram. Throws on values the format cannot carry. */
export declare function encodeDatagram(fields: DirectDatagramFields): Uint8Array;
/** Encodes a datagram error packet (type 0x13). */
export declare function encodeDatagramError(header: DatagramHeader, errorCode: number): Uint8Array;
/** Decodes one datagram; never throws. */
export declare function decodeDatagram(bytes: Uint8Array): Datagram;
export declare function parseIpv4(text: string): Uint8Array;
