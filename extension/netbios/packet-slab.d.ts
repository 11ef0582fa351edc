export declare class PacketSlab {
    /** The slab the last packet was written to. */
    bytes: Uint8Array<ArrayBuffer>;
    private words;
    private used;
    /** Writes one packet and returns where it starts in `bytes` (which may be a new slab). */
    write(source: Uint8Array, sourcePort: number, destination: Uint8Array, destinationPort: number, payload: Uint8Array): number;
    /** Gives back the space of the packet just written at `at` (nothing may refer to it). */
    takeBack(at: number): void;
    /**
     * The one's-complement sum of `length` bytes at `start` (a multiple of 4) as big-endian 16-bit words.
     * Such a sum can be taken in either byte order and swapped at the end (RFC 1071), so whole 32-bit words
     * are read in the machine's order.
     */
    private sum;
}
