/**
 * Servers that announce themselves by broadcast: the seed's MS_MESSAGE (built in:
 * `{ DWORD msg_id = 0xaabbccdd; char ipStr[20]; DWORD ip; UINT port; }`, 32 bytes) or any struct the
 * user maps to its address and port fields (`slotpipe.serverAnnouncements`). Every such message in the
 * TrafficLog adds or refreshes one entry (keyed by address:port) with first and last seen, how often it
 * announces and who announced it; a server not heard for 3× its usual interval is late, after 10× gone
 * (kept until cleared). One timer, set for the next change of state, keeps that current: no server, or
 * only gone ones, cost nothing.
 */
import type { TrafficMessage } from '../core/message';
import { describePeer } from '../core/peer-text';
import { decode, encodeStruct, StructRegistry, type StructLayout } from '../decode/index';

const builtins = StructRegistry.withBuiltins();
const layout = builtins.get('MS_MESSAGE')!;
export const ANNOUNCEMENT_MAGIC = Number(layout.magic!.value);
export const ANNOUNCEMENT_SIZE = layout.size;

/** Which fields of a struct say where its server is: the first address field that holds one wins. */
export interface AnnouncementMapping {
  struct: string;
  /** A field holding a dotted address or host name (text), or an IPv4 address as inet_addr stores it (a 32-bit number). */
  address: string | string[];
  /** A field holding the port as a plain number. */
  port: string;
}

/** The seed's MS_MESSAGE: `ipStr`, else the DWORD `ip`; `port`. */
export const BUILT_IN_MAPPING: AnnouncementMapping = { struct: 'MS_MESSAGE', address: ['ipStr', 'ip'], port: 'port' };

export interface ServerAnnouncement {
  /** The text the server wrote into ipStr (NUL-terminated). */
  ipText: string;
  /** The DWORD ip as dotted quad, in network order (as inet_addr stores it). */
  ip: string;
  port: number;
}

export type ServerLiveness = 'live' | 'late' | 'gone';
/** Silent for this many usual intervals: late; then gone. */
export const LATE_AFTER = 3;
export const GONE_AFTER = 10;
/** Until a second announcement tells the real interval: the seed server's one second. */
export const DEFAULT_INTERVAL_MS = 1000;
/** Gaps shorter than this are one announcement delivered twice (two routes, a repeating relay). */
const SAME_ANNOUNCEMENT_MS = 10;
const GAPS_KEPT = 15;

export interface DiscoveredServer {
  /** `host:port`. */
  address: string;
  host: string;
  port: number;
  /** The struct the announcement was read as. */
  struct: string;
  endpoint: string;
  firstSeen: number;
  lastSeen: number;
  count: number;
  /** The usual time between announcements (median of the recent gaps), once two came. */
  interval?: number;
  /** Who announced it: NetBIOS name, network address, process, as the transport tells. */
  from?: string;
  liveness: ServerLiveness;
}

/** A server that changed state: `previous` undefined when it was first announced. */
export interface LivenessChange {
  server: DiscoveredServer;
  previous?: ServerLiveness;
}

export function readAnnouncement(bytes: Uint8Array): ServerAnnouncement | undefined {
  // Cheap test first: every logged message passes through here.
  if (bytes.length !== ANNOUNCEMENT_SIZE) return undefined;
  if (new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) !== ANNOUNCEMENT_MAGIC) return undefined;
  const fields = fieldValues(bytes, layout, builtins);
  return { ipText: String(fields.get('ipStr') ?? ''), ip: ipv4Of(Number(fields.get('ip'))), port: Number(fields.get('port')) };
}

/** Builds an announcement (for the demo and the tests); `ip` is filled from ipStr when it is a dotted quad. */
export function writeAnnouncement(ipText: string, port: number): Uint8Array {
  const values: Record<string, string> = { ipStr: ipText, port: String(port) };
  if (DOTTED_QUAD.test(ipText)) values.ip = ipText;
  return encodeStruct(layout, values);
}

/** Where a message of the mapped struct says its server is, or undefined when it is not one. */
export function readMappedAnnouncement(bytes: Uint8Array, mapping: AnnouncementMapping, registry: StructRegistry): { host: string; port: number } | undefined {
  const struct = registry.get(mapping.struct);
  if (!struct || bytes.length !== struct.size || !magicHolds(bytes, struct)) return undefined;
  const fields = fieldValues(bytes, struct, registry);
  const port = fields.get(mapping.port);
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  for (const name of typeof mapping.address === 'string' ? [mapping.address] : mapping.address) {
    const host = hostOf(fields.get(name));
    if (host) return { host, port };
  }
  return undefined;
}

const DOTTED_QUAD = /^\d{1,3}(\.\d{1,3}){3}$/;
const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;

function hostOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 0xffffffff) return ipv4Of(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  // A name is an address only when it is one: a dotted quad, or a host name that is not all digits.
  return DOTTED_QUAD.test(text) || (HOST_NAME.test(text) && !/^[\d.]+$/.test(text)) ? text : undefined;
}

/** The address a DWORD holds as inet_addr stores it (a.b.c.d are its bytes in memory, little endian). */
function ipv4Of(value: number): string {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24].join('.');
}

function magicHolds(bytes: Uint8Array, struct: StructLayout): boolean {
  const magic = struct.magic;
  if (!magic) return true;
  const first = struct.fields[0];
  let value = 0n;
  for (let i = first.size - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[first.offset + i]);
  return value === BigInt.asUintN(first.size * 8, magic.value);
}

function fieldValues(bytes: Uint8Array, struct: StructLayout, registry: StructRegistry): Map<string, unknown> {
  return new Map((decode(bytes, `struct:${struct.name}`, registry).fields ?? []).map((f) => [f.name, f.value]));
}

export interface DiscoveredServersOptions {
  /** The user's mappings (the built-in one comes first on its own). */
  mappings?: () => readonly AnnouncementMapping[];
  /** Where the user's structs are. */
  registry?: () => StructRegistry;
  clock?: () => number;
}

interface Entry extends DiscoveredServer {
  gaps: number[];
}

export class DiscoveredServers {
  private readonly servers = new Map<string, Entry>();
  private readonly listeners = new Set<() => void>();
  private readonly livenessListeners = new Set<(changes: LivenessChange[]) => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly clock: () => number;

  constructor(private readonly options: DiscoveredServersOptions = {}) {
    this.clock = options.clock ?? Date.now;
  }

  /** Looks at a logged batch; returns true when something was added or refreshed. */
  observe(batch: readonly TrafficMessage[]): boolean {
    let changed = false;
    const changes: LivenessChange[] = [];
    for (const message of batch) {
      const found = this.read(message.bytes);
      if (!found) continue;
      const address = `${found.host}:${found.port}`;
      const known = this.servers.get(address);
      const server: Entry = known ?? {
        address, host: found.host, port: found.port, struct: found.struct, endpoint: message.endpoint,
        firstSeen: message.time, lastSeen: message.time, count: 0, gaps: [], liveness: 'live',
      };
      const gap = message.time - server.lastSeen;
      if (known && gap >= SAME_ANNOUNCEMENT_MS) {
        server.gaps.push(gap);
        if (server.gaps.length > GAPS_KEPT) server.gaps.shift();
        server.interval = median(server.gaps);
      }
      server.lastSeen = Math.max(server.lastSeen, message.time);
      server.count++;
      server.endpoint = message.endpoint;
      const from = describePeer(message.peer, 'brief');
      if (from) server.from = from;
      this.servers.set(address, server);
      if (!known) changes.push({ server: snapshot(server) });
      changed = true;
    }
    if (!changed) return false;
    this.check(this.clock(), changes);
    return true;
  }

  /** Brings every server's state up to `now`, telling listeners of the changes; then waits for the next one. */
  check(now = this.clock(), changes: LivenessChange[] = []): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let next = Infinity;
    for (const server of this.servers.values()) {
      const state = livenessAt(server, now);
      if (state !== server.liveness) {
        const previous = server.liveness;
        server.liveness = state;
        const first = changes.find((c) => c.server.address === server.address);
        if (first) first.server = snapshot(server);
        else changes.push({ server: snapshot(server), previous });
      }
      next = Math.min(next, nextChangeAt(server));
    }
    if (next !== Infinity) {
      this.timer = setTimeout(() => this.check(), Math.max(0, next - now) + 1);
      this.timer.unref?.();
    }
    if (changes.length) for (const listener of this.livenessListeners) listener(changes);
    for (const listener of this.listeners) listener();
  }

  list(): DiscoveredServer[] {
    return [...this.servers.values()].map(snapshot).sort((a, b) => b.lastSeen - a.lastSeen);
  }

  get(address: string): DiscoveredServer | undefined {
    const server = this.servers.get(address);
    return server && snapshot(server);
  }

  clear(): void {
    this.servers.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const listener of this.listeners) listener();
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** First announcements and every change between live, late and gone. */
  onDidChangeLiveness(listener: (changes: LivenessChange[]) => void): () => void {
    this.livenessListeners.add(listener);
    return () => this.livenessListeners.delete(listener);
  }

  dispose(): void {
    this.clear();
    this.listeners.clear();
    this.livenessListeners.clear();
  }

  private read(bytes: Uint8Array): { host: string; port: number; struct: string } | undefined {
    const seed = readAnnouncement(bytes);
    if (seed) return { host: DOTTED_QUAD.test(seed.ipText) ? seed.ipText : seed.ip, port: seed.port, struct: 'MS_MESSAGE' };
    const mappings = this.options.mappings?.() ?? [];
    if (!mappings.length) return undefined;
    const registry = this.options.registry?.() ?? builtins;
    for (const mapping of mappings) {
      const found = readMappedAnnouncement(bytes, mapping, registry);
      if (found) return { ...found, struct: mapping.struct };
    }
    return undefined;
  }
}

export function livenessAt(server: Pick<DiscoveredServer, 'lastSeen' | 'interval'>, now: number): ServerLiveness {
  const silent = now - server.lastSeen;
  const interval = server.interval ?? DEFAULT_INTERVAL_MS;
  return silent >= GONE_AFTER * interval ? 'gone' : silent >= LATE_AFTER * interval ? 'late' : 'live';
}

function nextChangeAt(server: DiscoveredServer): number {
  const interval = server.interval ?? DEFAULT_INTERVAL_MS;
  if (server.liveness === 'live') return server.lastSeen + LATE_AFTER * interval;
  if (server.liveness === 'late') return server.lastSeen + GONE_AFTER * interval;
  return Infinity;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function snapshot({ gaps: _gaps, ...server }: Entry): DiscoveredServer {
  return server;
}
