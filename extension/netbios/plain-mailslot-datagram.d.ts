/** Where the parts lie in the datagram (byte offsets, ends exclusive). Filled in by the reader. */
export interface PlainMailslotDatagram {
    /** The first-level encoded source name (its length byte to its terminating zero). */
    sourceNameStart: number;
    sourceNameEnd: number;
    /** `\MAILSLOT\name`, without its terminating zero. */
    mailslotStart: number;
    mailslotEnd: number;
    dataStart: number;
    dataEnd: number;
}
/** A blank result to fill (one per caller, reused). */
export declare function plainMailslotDatagram(): PlainMailslotDatagram;
/** True (with `into` filled in) for a plain mailslot write; false for anything the full decoder must read. */
export declare function readPlainMailslotDatagram(bytes: Uint8Array, into: PlainMailslotDatagram): boolean;
/**
 * True when `bytes[start, end)` upper-cased in ASCII equals `upper` (given as character codes, already
 * upper case). The mailslot of an accepted datagram is printable ASCII, so this is the full decoder's
 * `mailslot.toUpperCase() === upper`.
 */
export declare function sameNameUpper(bytes: Uint8Array, start: number, end: number, upper: ArrayLike<number>): boolean;
