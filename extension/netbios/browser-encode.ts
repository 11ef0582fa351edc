/**
 * Builds browser protocol messages ([MS-BRWS] 2.2) for `\MAILSLOT\BROWSE`: what Slotpipe sends to ask a
 * master browser for its backup list, and what the tests use to prove the decoder against Wireshark. Pure.
 */
import { BrowserCommand } from './browser';

export interface AnnouncementFields {
  command: typeof BrowserCommand.hostAnnouncement | typeof BrowserCommand.domainAnnouncement | typeof BrowserCommand.localMasterAnnouncement;
  updateCount?: number;
  periodicity: number;
  /** The server name (or, in a domain announcement, the workgroup): at most 15 characters. */
  serverName: string;
  osVersionMajor?: number;
  osVersionMinor?: number;
  serverType: number;
  /** The comment (or, in a domain announcement, the master browser's name). */
  comment: string;
}

export function encodeAnnouncement(fields: AnnouncementFields): Uint8Array {
  checkAscii('server name', fields.serverName, 15);
  checkAscii('comment', fields.comment, 43);
  const out = new Uint8Array(32 + fields.comment.length + 1);
  const view = new DataView(out.buffer);
  out[0] = fields.command;
  out[1] = fields.updateCount ?? 0;
  view.setUint32(2, fields.periodicity, true);
  writeAscii(out, 6, fields.serverName);
  out[22] = fields.osVersionMajor ?? 6;
  out[23] = fields.osVersionMinor ?? 1;
  view.setUint32(24, fields.serverType >>> 0, true);
  out[28] = 15;
  out[29] = 1;
  view.setUint16(30, 0xaa55, true);
  writeAscii(out, 32, fields.comment);
  return out;
}

export function encodeRequestElection(fields: { version?: number; criteria: number; uptime: number; serverName: string }): Uint8Array {
  checkAscii('server name', fields.serverName, 15);
  const out = new Uint8Array(14 + fields.serverName.length + 1);
  const view = new DataView(out.buffer);
  out[0] = BrowserCommand.requestElection;
  out[1] = fields.version ?? 1;
  view.setUint32(2, fields.criteria >>> 0, true);
  view.setUint32(6, fields.uptime >>> 0, true);
  writeAscii(out, 14, fields.serverName);
  return out;
}

export function encodeGetBackupListRequest(requestedCount: number, token: number): Uint8Array {
  const out = new Uint8Array(6);
  out[0] = BrowserCommand.getBackupListRequest;
  out[1] = requestedCount;
  new DataView(out.buffer).setUint32(2, token >>> 0, true);
  return out;
}

export function encodeGetBackupListResponse(token: number, servers: string[]): Uint8Array {
  if (servers.length > 255) throw new Error(`a backup list holds at most 255 servers, got ${servers.length}`);
  servers.forEach((server) => checkAscii('backup server name', server, 15));
  const out = new Uint8Array(6 + servers.reduce((n, s) => n + s.length + 1, 0));
  out[0] = BrowserCommand.getBackupListResponse;
  out[1] = servers.length;
  new DataView(out.buffer).setUint32(2, token >>> 0, true);
  let at = 6;
  for (const server of servers) {
    writeAscii(out, at, server);
    at += server.length + 1;
  }
  return out;
}

function checkAscii(what: string, text: string, limit: number): void {
  if (text.length > limit) throw new Error(`the ${what} "${text}" is ${text.length} characters; at most ${limit} fit`);
  if (!/^[\x20-\x7e]*$/.test(text)) throw new Error(`the ${what} "${text}" must be printable ASCII`);
}

function writeAscii(out: Uint8Array, at: number, text: string): void {
  for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
}
