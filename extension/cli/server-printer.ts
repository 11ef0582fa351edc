/**
 * `slotpipe watch --servers`: each server once when it is first announced, and again whenever it
 * goes late, gone, or comes back; one line of text or one JSON object each.
 */
import type { AnnouncementMapping, DiscoveredServer, LivenessChange } from '../watchers/server-announcements';
import { UsageError } from './args';
import { displayName } from '../core/quote';

export type ServerEvent = 'announced' | 'late' | 'gone' | 'back';

export function serverEvent(change: LivenessChange): ServerEvent {
  if (change.previous === undefined) return 'announced';
  return change.server.liveness === 'live' ? 'back' : change.server.liveness;
}

export function formatServerChange(change: LivenessChange, json: boolean, now: number): string {
  const { server } = change;
  const event = serverEvent(change);
  if (json) {
    return JSON.stringify({
      event,
      address: server.address,
      host: server.host,
      port: server.port,
      struct: server.struct,
      endpoint: server.endpoint,
      liveness: server.liveness,
      firstSeen: new Date(server.firstSeen).toISOString(),
      lastSeen: new Date(server.lastSeen).toISOString(),
      count: server.count,
      intervalMs: server.interval ?? null,
      ...(server.from ? { from: server.from } : {}),
    });
  }
  const time = new Date(now).toISOString().slice(11, 23);
  switch (event) {
    case 'announced':
      return `${time} server ${server.address} announced (${server.struct} on ${server.endpoint}${server.from ? ` from ${displayName(server.from)}` : ''})`;
    case 'back':
      return `${time} server ${server.address} is back (${server.count} announcements${every(server)})`;
    default:
      return `${time} server ${server.address} is ${event}: not heard for ${seconds(now - server.lastSeen)}${every(server)}`;
  }
}

function every(server: DiscoveredServer): string {
  return server.interval === undefined ? '' : `, usually every ${seconds(server.interval)}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `--server-struct NAME:ADDRESS[,ADDRESS…]:PORT`: a struct of yours whose fields say where its server is. */
export function serverStructOption(text: string): AnnouncementMapping {
  const match = /^([A-Za-z_]\w*):([A-Za-z_]\w*(?:,[A-Za-z_]\w*)*):([A-Za-z_]\w*)$/.exec(text);
  if (!match) throw new UsageError(`--server-struct ${text}: expected NAME:ADDRESS_FIELD:PORT_FIELD, e.g. SERVER_HELLO:host,addr:port`);
  const addresses = match[2].split(',');
  return { struct: match[1], address: addresses.length === 1 ? addresses[0] : addresses, port: match[3] };
}
