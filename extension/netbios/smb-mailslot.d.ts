export declare const SMB_COM_TRANSACTION = 37;
export declare const MAILSLOT_WRITE = 1;
/** Second-class (unreliable, datagram) mailslots: what travels in NetBIOS datagrams. */
export declare const MAILSLOT_CLASS_UNRELIABLE = 2;
export interface MailslotWrite {
    /** `\MAILSLOT\name` as sent. */
    mailslot: string;
    data: Uint8Array;
    opcode: number;
    priority: number;
    class: number;
    /** Where the data started, counted from the SMB header as DataOffset is. */
    dataOffset: number;
    problems: string[];
}
export interface MailslotWriteFields {
    /** The mailslot as `\MAILSLOT\name` (the prefix is added when missing). */
    mailslot: string;
    data: Uint8Array;
    priority?: number;
    class?: number;
}
/** `sms` or `\MAILSLOT\sms` → `\MAILSLOT\sms`; `path\name` → `\MAILSLOT\path\name`. */
export declare function mailslotWireName(name: string): string;
/** Encodes the SMB transaction as Windows and Samba do: the data follows the name directly. */
export declare function encodeMailslotWrite(fields: MailslotWriteFields): Uint8Array;
/** True when the bytes start with an SMB1 header (`FF 'SMB'`). */
export declare function isSmb(bytes: Uint8Array): boolean;
/** Decodes a mailslot write; `undefined` fields mean the bytes ended or lied before them. Never throws. */
export declare function decodeMailslotWrite(bytes: Uint8Array): MailslotWrite;
