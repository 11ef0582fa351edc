/**
 * Servers that announce themselves with MS_MESSAGE-style broadcasts: 32 bytes, little endian,
 * `{ DWORD msg_id = 0xaabbccdd; char ipStr[20]; DWORD ip; UINT port; }`. Every such message in
 * the TrafficLog adds or refreshes one entry (keyed by IP:port), with the time it was last seen.
 */
import type { TrafficMessage } from '../core/message';

export const ANNOUNCEMENT_MAGIC = 0xaabbccdd;
export const ANNOUNCEMENT_SIZE = 32;

export interface ServerAnnouncement {
  /** The text the server wrote into ipStr (NUL-terminated). */
  ipText: string;
  /** The DWORD ip as dotted quad (stored little endian, first byte first: 127.0.0.1 = 7f 00 00 01). */
  ip: string;
  port: number;
}

export interface DiscoveredServer extends ServerAnnouncement {
  /** `ip:port`, from ipStr when it holds an address, else from the DWORD. */
  address: string;
  endpoint: string;
  firstSeen: number;
  lastSeen: number;
  count: number;
  /** Where the announcement came from on the network, when known. */
  from?: string;
}

export function readAnnouncement(bytes: Uint8Array): ServerAnnouncement | undefined {
  if (bytes.length !== ANNOUNCEMENT_SIZE) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== ANNOUNCEMENT_MAGIC) return undefined;
  const text = bytes.subarray(4, 24);
  const end = text.indexOf(0);
  let ipText = '';
  for (const byte of end < 0 ? text : text.subarray(0, end)) ipText += String.fromCharCode(byte);
  const ip = [...bytes.subarray(24, 28)].join('.');
  return { ipText, ip, port: view.getUint32(28, true) };
}

/** Builds an announcement (for the demo and for Send Message's struct form). */
export function writeAnnouncement(ipText: string, port: number): Uint8Array {
  const bytes = new Uint8Array(ANNOUNCEMENT_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, ANNOUNCEMENT_MAGIC, true);
  for (let i = 0; i < Math.min(ipText.length, 19); i++) bytes[4 + i] = ipText.charCodeAt(i) & 0xff;
  const quad = ipText.split('.').map(Number);
  if (quad.length === 4 && quad.every((n) => Number.isInteger(n) && n >= 0 && n <= 255)) bytes.set(quad, 24);
  view.setUint32(28, port >>> 0, true);
  return bytes;
}

const DOTTED_QUAD = /^\d{1,3}(\.\d{1,3}){3}$/;

export class DiscoveredServers {
  private readonly servers = new Map<string, DiscoveredServer>();
  private readonly listeners = new Set<() => void>();

  /** Looks at a logged batch; returns true when something was added or refreshed. */
  observe(batch: readonly TrafficMessage[]): boolean {
    let changed = false;
    for (const message of batch) {
      const announcement = readAnnouncement(message.bytes);
      if (!announcement) continue;
      const host = DOTTED_QUAD.test(announcement.ipText) ? announcement.ipText : announcement.ip;
      const address = `${host}:${announcement.port}`;
      const known = this.servers.get(address);
      const server: DiscoveredServer = {
        ...announcement,
        address,
        endpoint: message.endpoint,
        firstSeen: known?.firstSeen ?? message.time,
        lastSeen: message.time,
        count: (known?.count ?? 0) + 1,
      };
      if (message.peer?.address) server.from = message.peer.address;
      this.servers.set(address, server);
      changed = true;
    }
    if (changed) for (const listener of this.listeners) listener();
    return changed;
  }

  list(): DiscoveredServer[] {
    return [...this.servers.values()].sort((a, b) => b.lastSeen - a.lastSeen);
  }

  clear(): void {
    this.servers.clear();
    for (const listener of this.listeners) listener();
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
