export interface CapturedPacket {
    /** 1-based, as Wireshark numbers them. */
    number: number;
    /** Milliseconds since the Unix epoch. */
    time: number;
    linkType: number;
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
export interface CaptureContainer {
    format: 'pcap' | 'pcapng' | 'unknown';
    packets: CapturedPacket[];
    problems: CaptureProblem[];
}
export declare function readCaptureContainer(bytes: Uint8Array): CaptureContainer;
