export interface CapturedPacket {
    /** 1-based, as Wireshark numbers them. */
    number: number;
    /** Milliseconds since the Unix epoch. */
    time: number;
    linkType: number;
    /** Valid only while the packet is being handled: a file source reuses its buffer. */
    data: Uint8Array;
    /** The packet's length on the wire (more than data.length when the capture cut it). */
    originalLength: number;
}
export interface CaptureProblem {
    /** The packet concerned, when there is one. */
    packet?: number;
    /** Byte offset in the file. */
    offset: number;
    message: string;
}
/** Where a capture's bytes come from: a whole buffer, or a file read a window at a time. */
export interface ByteSource {
    readonly size: number;
    /** `length` bytes from `offset`, both inside the source; valid until the next read. */
    read(offset: number, length: number): Uint8Array;
}
export declare function bytesSource(bytes: Uint8Array): ByteSource;
export interface CaptureContainer {
    format: 'pcap' | 'pcapng' | 'unknown';
    /** Packets read. */
    packets: number;
    problems: CaptureProblems;
}
/** No capture tool writes a block or packet this large (libpcap's largest snapshot is 256 KiB). */
export declare const MAX_BLOCK: number;
/** Problems kept one by one; past that only counted, so a file of a million broken packets stays small. */
export declare class CaptureProblems {
    static readonly KEPT = 1000;
    readonly list: CaptureProblem[];
    more: number;
    add(problem: CaptureProblem): void;
    /** The kept problems, then one that counts the rest. */
    all(): CaptureProblem[];
}
/** Whether four bytes start a pcap or pcapng file. */
export declare function isCaptureMagic(head: Uint8Array): boolean;
/** Reads the container, handing each packet to `onPacket` as it is read; the packets' problems may join the file's. */
export declare function readCaptureContainer(input: ByteSource | Uint8Array, onPacket: (packet: CapturedPacket) => void, problems?: CaptureProblems): CaptureContainer;
