export interface NetbiosName {
    /** The 15 name characters without trailing padding, e.g. `HOST`, `*` or `__MSBROWSE__`. */
    name: string;
    /** The 16th byte: 0x00 workstation / domain, 0x1d local master browser, 0x1e browser election, ... */
    suffix: number;
    /** The NetBIOS scope (dotted labels), usually empty. */
    scope: string;
}
export type NameDecode = {
    ok: true;
    value: NetbiosName; /** Bytes the encoded name took at the given offset. */
    length: number;
} | {
    ok: false;
    reason: string;
};
/** The browser's special group name: bytes 01 02 "__MSBROWSE__" 02, suffix 01. */
export declare const MSBROWSE = "__MSBROWSE__";
/** `HOST<00>`, or `HOST<00>.scope` when there is a scope. */
export declare function formatNetbiosName(name: NetbiosName): string;
/** Reads `HOST<1d>` (or `HOST`, taking the default suffix); throws on names NetBIOS cannot carry. */
export declare function parseNetbiosName(text: string, defaultSuffix?: number, scope?: string): NetbiosName;
/** The 16 raw bytes of a name: padded with spaces, `*` padded with zeros, `__MSBROWSE__` in its special form. */
export declare function rawNetbiosName(name: NetbiosName): Uint8Array;
/** First-level encoding: length 32, the 32 letters, the scope labels, and the terminating zero. */
export declare function encodeNetbiosName(name: NetbiosName): Uint8Array;
/**
 * Decodes a first-level encoded name at `offset`. `message` lets the name service follow compression
 * pointers (RFC 1002 §4.1.1 label string pointers); datagrams never use them, so pass `allowPointers: false`.
 */
export declare function decodeNetbiosName(bytes: Uint8Array, offset: number, allowPointers?: boolean): NameDecode;
