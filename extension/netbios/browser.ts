/**
 * The Common Internet File System Browser Protocol ([MS-BRWS] 2.2) on `\MAILSLOT\BROWSE`, and the
 * LAN Manager announcement on `\MAILSLOT\LANMAN`, so real LAN traffic reads as words, not bytes.
 * Decoding never throws. Pure.
 */

export const BROWSE_MAILSLOT = '\\MAILSLOT\\BROWSE';
export const LANMAN_MAILSLOT = '\\MAILSLOT\\LANMAN';

export const BrowserCommand = {
  hostAnnouncement: 0x01,
  announcementRequest: 0x02,
  requestElection: 0x08,
  getBackupListRequest: 0x09,
  getBackupListResponse: 0x0a,
  becomeBackup: 0x0b,
  domainAnnouncement: 0x0c,
  masterAnnouncement: 0x0d,
  resetStateRequest: 0x0e,
  localMasterAnnouncement: 0x0f,
} as const;

const COMMAND_NAMES: Record<number, string> = {
  0x01: 'Host Announcement',
  0x02: 'Announcement Request',
  0x08: 'Request Election',
  0x09: 'Get Backup List Request',
  0x0a: 'Get Backup List Response',
  0x0b: 'Become Backup',
  0x0c: 'Domain/Workgroup Announcement',
  0x0d: 'Master Announcement',
  0x0e: 'Reset Browser State',
  0x0f: 'Local Master Announcement',
};

/** SV_TYPE_* bits of a server type ([MS-RAP] 2.5.5.2.1), lowest bit first. */
const SERVER_TYPE_BITS = [
  'workstation', 'server', 'sql server', 'domain controller', 'backup domain controller', 'time source', 'apple',
  'novell', 'domain member', 'print queue', 'dial-in', 'xenix', 'nt workstation', 'wfw', 'mfpn', 'nt server',
  'potential browser', 'backup browser', 'master browser', 'domain master browser', 'osf', 'vms', 'windows 95+',
  'dfs', 'nt cluster', 'terminal server', 'nt cluster vs', '', 'dce', 'alternate transport', 'local list only',
  'domain enum',
];

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
export function serverTypeNames(type: number): string[] {
  return SERVER_TYPE_BITS.filter((name, bit) => name && (type >>> bit) & 1);
}

/** Decodes a browser message on `\MAILSLOT\BROWSE` or `\MAILSLOT\LANMAN`; `undefined` for other mailslots. */
export function decodeBrowserMessage(mailslot: string, data: Uint8Array): BrowserMessage | undefined {
  const upper = mailslot.toUpperCase();
  if (upper === BROWSE_MAILSLOT) return decodeBrowse(data);
  if (upper === LANMAN_MAILSLOT) return decodeLanman(data);
  return undefined;
}

/** Reads fields in order; a field that does not fit records one problem and stops reading. */
class FieldReader {
  at = 0;
  private stopped = false;
  private readonly view: DataView;

  constructor(private readonly data: Uint8Array, readonly message: BrowserMessage) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  /** The 32-bit server type, and the names of its bits. */
  serverType(): void {
    const type = this.u32('serverType');
    if (type !== undefined) this.message.fields.serverTypeNames = serverTypeNames(type);
  }

  private fits(name: string, size: number): boolean {
    if (this.stopped) return false;
    if (this.at + size <= this.data.length) return true;
    this.message.problems.push(`${name} needs ${size} bytes at offset ${this.at}, but the message ends at ${this.data.length}`);
    this.stopped = true;
    return false;
  }

  u8(name: string): number | undefined {
    if (!this.fits(name, 1)) return undefined;
    return (this.message.fields[name] = this.data[this.at++]);
  }

  u16(name: string): number | undefined {
    if (!this.fits(name, 2)) return undefined;
    const value = this.view.getUint16(this.at, true);
    this.at += 2;
    return (this.message.fields[name] = value);
  }

  u32(name: string): number | undefined {
    if (!this.fits(name, 4)) return undefined;
    const value = this.view.getUint32(this.at, true);
    this.at += 4;
    return (this.message.fields[name] = value);
  }

  /** A fixed-size, zero-padded ASCII field. */
  fixedString(name: string, size: number): string | undefined {
    if (!this.fits(name, size)) return undefined;
    const raw = this.data.subarray(this.at, this.at + size);
    this.at += size;
    const end = raw.indexOf(0);
    if (end === -1) this.message.problems.push(`${name} fills all ${size} bytes with no terminating zero`);
    return (this.message.fields[name] = latin1(raw.subarray(0, end === -1 ? size : end)));
  }

  /** A zero-terminated string; `limit` is the most characters the specification allows. */
  string(name: string, limit?: number): string | undefined {
    if (this.stopped) return undefined;
    const end = this.data.indexOf(0, this.at);
    if (end === -1) {
      this.message.problems.push(`${name} at offset ${this.at} has no terminating zero`);
      this.stopped = true;
      return (this.message.fields[name] = latin1(this.data.subarray(this.at)));
    }
    const text = latin1(this.data.subarray(this.at, end));
    if (limit !== undefined && text.length > limit) this.message.problems.push(`${name} is ${text.length} characters; at most ${limit} are allowed`);
    this.at = end + 1;
    return (this.message.fields[name] = text);
  }

  strings(name: string, count: number): void {
    const list: string[] = [];
    this.message.fields[name] = list;
    for (let i = 0; i < count && !this.stopped; i++) {
      const end = this.data.indexOf(0, this.at);
      if (end === -1) {
        this.message.problems.push(`${name}: entry ${i + 1} of ${count} at offset ${this.at} has no terminating zero`);
        this.stopped = true;
        list.push(latin1(this.data.subarray(this.at)));
        return;
      }
      list.push(latin1(this.data.subarray(this.at, end)));
      this.at = end + 1;
    }
  }

  end(): void {
    if (!this.stopped && this.at < this.data.length) {
      // Windows pads some announcements; only say so, it is not an error.
      this.message.fields.trailingBytes = this.data.length - this.at;
    }
  }
}

/** The message with its command byte; a reader of the fields after it, unless there is no command byte. */
function begin(mailslot: BrowserMessage['mailslot'], data: Uint8Array): { message: BrowserMessage; command: number; r?: FieldReader } {
  const command = data[0] ?? -1;
  const message: BrowserMessage = { mailslot, command, commandName: COMMAND_NAMES[command] ?? 'unknown', fields: {}, problems: [] };
  if (data.length === 0) {
    message.problems.push(`the ${mailslot === 'BROWSE' ? 'browser' : 'LAN Manager'} message is empty`);
    return { message, command };
  }
  const r = new FieldReader(data, message);
  r.at = 1;
  return { message, command, r };
}

function unknownCommand(what: string, command: number): string {
  return `unknown ${what} command 0x${command.toString(16).padStart(2, '0')}`;
}

function decodeBrowse(data: Uint8Array): BrowserMessage {
  const { message, command, r } = begin('BROWSE', data);
  if (!r) return message;
  switch (command) {
    case BrowserCommand.hostAnnouncement:
    case BrowserCommand.domainAnnouncement:
    case BrowserCommand.localMasterAnnouncement: {
      r.u8('updateCount');
      r.u32('periodicity');
      r.fixedString(command === BrowserCommand.domainAnnouncement ? 'workgroup' : 'serverName', 16);
      r.u8('osVersionMajor');
      r.u8('osVersionMinor');
      r.serverType();
      r.u8('browserVersionMajor');
      r.u8('browserVersionMinor');
      const signature = r.u16('signature');
      if (signature !== undefined && signature !== 0xaa55) message.problems.push(`signature is 0x${signature.toString(16)}; announcements carry 0xaa55`);
      r.string(command === BrowserCommand.domainAnnouncement ? 'masterBrowser' : 'comment', 43);
      break;
    }
    case BrowserCommand.announcementRequest:
      r.u8('unused');
      r.string('responseName', 15);
      break;
    case BrowserCommand.requestElection:
      r.u8('version');
      r.u32('criteria');
      r.u32('uptime');
      r.u32('reserved');
      r.string('serverName', 15);
      break;
    case BrowserCommand.getBackupListRequest:
      r.u8('requestedCount');
      r.u32('token');
      break;
    case BrowserCommand.getBackupListResponse: {
      const count = r.u8('backupServerCount');
      r.u32('token');
      if (count !== undefined) r.strings('backupServers', count);
      break;
    }
    case BrowserCommand.becomeBackup:
      r.string('browserToPromote', 15);
      break;
    case BrowserCommand.masterAnnouncement:
      r.string('masterBrowserServerName', 15);
      break;
    case BrowserCommand.resetStateRequest:
      r.u8('type');
      break;
    default:
      message.problems.push(unknownCommand('browser', command));
      return message;
  }
  r.end();
  return message;
}

/** LAN Manager announcements: command and update count bytes, then the server type, version, periodicity in seconds. */
function decodeLanman(data: Uint8Array): BrowserMessage {
  const { message, command, r } = begin('LANMAN', data);
  if (!r) return message;
  if (command !== BrowserCommand.hostAnnouncement && command !== BrowserCommand.domainAnnouncement && command !== BrowserCommand.localMasterAnnouncement) {
    message.problems.push(unknownCommand('LAN Manager', command));
    return message;
  }
  r.u8('updateCount');
  r.serverType();
  r.u8('osVersionMajor');
  r.u8('osVersionMinor');
  const seconds = r.u16('periodicity');
  // Shown in milliseconds like the browser announcements' periodicity.
  if (seconds !== undefined) message.fields.periodicity = seconds * 1000;
  r.string(command === BrowserCommand.domainAnnouncement ? 'workgroup' : 'serverName', 15);
  r.string(command === BrowserCommand.domainAnnouncement ? 'masterBrowser' : 'comment', 43);
  r.end();
  return message;
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return text;
}
