/**
 * A whole remote mailslot message as it travels: NetBIOS datagram → SMB TRANSACTION → mailslot data
 * (→ browser message on the browser mailslots). One call decodes all layers and collects every
 * problem with the layer it belongs to. Pure, never throws.
 */
import { decodeBrowserMessage, type BrowserMessage } from './browser';
import { decodeDatagram, encodeDatagram, type Datagram, type DatagramHeader } from './datagram';
import type { NetbiosName } from './netbios-name';
import { decodeMailslotWrite, encodeMailslotWrite, isSmb, type MailslotWrite } from './smb-mailslot';

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

export function decodeMailslotDatagram(bytes: Uint8Array): MailslotDatagram {
  const datagram = decodeDatagram(bytes);
  const problems = datagram.problems.map((p) => `datagram: ${p}`);
  let malformed = datagram.problems.length > (datagram.fragment ? 1 : 0);
  const result: MailslotDatagram = { datagram, mailslot: '', data: datagram.userData ?? new Uint8Array(0), problems, malformed };
  const userData = datagram.userData;
  // Only a complete (or first) fragment starts with the SMB header.
  if (!userData || (datagram.fragment && !(datagram.first && datagram.offset === 0))) return result;
  if (!isSmb(userData)) {
    if (userData.length > 0) {
      problems.push('smb: the user data is not an SMB message (no FF 53 4D 42), so it is no mailslot write');
      malformed = true;
    }
    result.malformed = malformed;
    return result;
  }
  // A first fragment carries the SMB header and the start of the data; the rest comes in the fragments after it.
  const continues = datagram.fragment && datagram.more;
  const smb = decodeMailslotWrite(userData, continues);
  result.smb = smb;
  result.mailslot = smb.mailslot;
  result.data = smb.data;
  problems.push(...smb.problems.map((p) => `smb: ${p}`));
  if (smb.problems.length) malformed = true;
  if (continues) problems.push(`datagram: first fragment: ${smb.data.length} of the message's ${smb.dataCount} bytes; the rest follows in the next fragment(s)`);
  const browser = datagram.fragment ? undefined : decodeBrowserMessage(smb.mailslot, smb.data);
  if (browser) {
    result.browser = browser;
    problems.push(...browser.problems.map((p) => `browser: ${p}`));
    if (browser.problems.length) malformed = true;
  }
  result.malformed = malformed;
  return result;
}

export interface MailslotDatagramFields extends DatagramHeader {
  sourceName: NetbiosName;
  destinationName: NetbiosName;
  mailslot: string;
  data: Uint8Array;
  priority?: number;
}

export function encodeMailslotDatagram(fields: MailslotDatagramFields): Uint8Array {
  const userData = encodeMailslotWrite({ mailslot: fields.mailslot, data: fields.data, priority: fields.priority });
  return encodeDatagram({ ...fields, userData });
}
