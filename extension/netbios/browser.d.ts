/**
 * The Common Internet File System Browser Protocol ([MS-BRWS] 2.2) on `\MAILSLOT\BROWSE`, and the
 * LAN Manager announcement on `\MAILSLOT\LANMAN`, so real LAN traffic reads as words, not bytes.
 * Decoding never throws. Pure.
 */
export declare const BROWSE_MAILSLOT = "\\MAILSLOT\\BROWSE";
export declare const LANMAN_MAILSLOT = "\\MAILSLOT\\LANMAN";
export declare const BrowserCommand: {
    readonly hostAnnouncement: 1;
    readonly announcementRequest: 2;
    readonly requestElection: 8;
    readonly getBackupListRequest: 9;
    readonly getBackupListResponse: 10;
    readonly becomeBackup: 11;
    readonly domainAnnouncement: 12;
    readonly masterAnnouncement: 13;
    readonly resetStateRequest: 14;
    readonly localMasterAnnouncement: 15;
};
export type BrowserValue = number | string | string[];
export interface BrowserMessage {
    /** `BROWSE` or `LANMAN`. */
    mailslot: 'BROWSE' | 'LANMAN';
    command: number;
    commandName: string;
    /** Named fields in wire order, e.g. `{ serverName: 'HOST', serverType: 0x1003, ... }`. */
    fields: Record<string, BrowserValue>;
    problems: string[];
}
/** Names the SV_TYPE bits set in a server type. */
export declare function serverTypeNames(type: number): string[];
/** Decodes a browser message on `\MAILSLOT\BROWSE` or `\MAILSLOT\LANMAN`; `undefined` for other mailslots. */
export declare function decodeBrowserMessage(mailslot: string, data: Uint8Array): BrowserMessage | undefined;
