/**
 * A whole remote mailslot message as it travels: NetBIOS datagram → SMB TRANSACTION → mailslot data
 * (→ browser message on the browser mailslots). One call decodes all layers and collects every
 * problem with the layer it belongs to. Pure, never throws.
 */
import { type BrowserMessage } from './browser';
import { type Datagram, type DatagramHeader } from './datagram';
import type { NetbiosName } from './netbios-name';
import { type MailslotWrite } from './smb-mailslot';
export interface MailslotDatagram {
    datagram: Datagram;
    /** Present when the datagram carries SMB user data. */
    smb?: MailslotWrite;
    /** Present on `\MAILSLOT\BROWSE` and `\MAILSLOT\LANMAN`. */
    browser?: BrowserMessage;
    /** `\MAILSLOT\name`, or '' when it could not be read. */
    mailslot: string;
    /** The mailslot message (the data at DataOffset), or the raw user data when there is no SMB layer. */
    data: Uint8Array;
    /** Every problem, prefixed by its layer (`datagram:`, `smb:`, `browser:`). Empty when well formed. */
    problems: string[];
    /** True when a layer was malformed (a fragment alone is reported but is not malformed). */
    malformed: boolean;
}
export declare function decodeMailslotDatagram(bytes: Uint8Array): MailslotDatagram;
export interface MailslotDatagramFields extends DatagramHeader {
    sourceName: NetbiosName;
    destinationName: NetbiosName;
    mailslot: string;
    data: Uint8Array;
    priority?: number;
}
export declare function encodeMailslotDatagram(fields: MailslotDatagramFields): Uint8Array;
