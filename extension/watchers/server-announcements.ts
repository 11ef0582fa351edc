/**
 * Servers that announce themselves with MS_MESSAGE broadcasts (the built-in struct of decode/:
 * `{ DWORD msg_id = 0xaabbccdd; char ipStr[20]; DWORD ip; UINT port; }`, little endian, 32 bytes).
 * Every such message in the TrafficLog adds or refreshes one entry (keyed by IP:port), with the time
 * it was last seen.
 */
import type { TrafficMessage } from '../core/message';
import { decode, encodeStruct, StructRegistry } from '../decode/index';

const builtins = StructRegistry.withBuiltins();
const layout = builtins.get('MS_MESSAGE')!;
export const ANNOUNCEMENT_MAGIC = Number(layout.magic!.value);
export const ANNOUNCEMENT_SIZE = layout.size;

export interface ServerAnnouncement {
  /** The text the server wrote into ipStr (NUL-terminated). */
  ipText: string;
  /** The DWORD ip as dotted quad, in network order (as inet_addr stores it). */
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
  // Cheap test first: every logged message passes through here.
  if (bytes.length !== ANNOUNCEMENT_SIZE) return undefined;
  if (new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) !== ANNOUNCEMENT_MAGIC) return undefined;
  const fields = new Map((decode(bytes, 'struct:MS_MESSAGE', builtins).fields ?? []).map((f) => [f.name, f.value]));
  const ipText = String(fields.get('ipStr') ?? '');
  return { ipText, ip: [...bytes.subarray(24, 28)].join('.'), port: Number(fields.get('port')) };
}

/** Builds an announcement (for the demo and the tests); `ip` is filled from ipStr when it is a dotted quad. */
export function writeAnnouncement(ipText: string, port: number): Uint8Array {
  const values: Record<string, string> = { ipStr: ipText, port: String(port) };
  if (DOTTED_QUAD.test(ipText)) values.ip = ipText;
  return encodeStruct(layout, values);
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
