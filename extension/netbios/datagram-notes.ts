/**
 * Why a logged datagram was flagged malformed, or that it is one fragment of a larger one: read again
 * from the message's wire copy when it is shown (the log keeps a flag per message, not sentences), so
 * the CLI, its JSON and the panel say what is wrong. Pure.
 */
import type { TrafficMessage } from '../core/message';
import { MessageFlag } from '../core/message';
import { readIpv4Udp } from './ipv4-udp';
import { decodeMailslotDatagram } from './mailslot-datagram';

/** The problems of a network message's datagram at every layer; empty when it is whole and well formed. */
export function datagramNotes(message: Pick<TrafficMessage, 'flags' | 'wire'>): string[] {
  const { wire, flags } = message;
  if (!wire || !(flags & MessageFlag.network)) return [];
  if (!(flags & MessageFlag.malformed) && !isFragment(wire)) return [];
  const ip = readIpv4Udp(wire);
  if (ip.kind === 'problem' || ip.kind === 'fragment') return [`ip/udp: ${ip.message}`];
  if (ip.kind === 'other') return [`ip/udp: ${ip.what}, not UDP`];
  return [...ip.udp.problems.map((p) => `ip/udp: ${p}`), ...decodeMailslotDatagram(ip.udp.payload).problems];
}

/** Whether the NetBIOS header's flags say fragment (anything but "first, no more"), without decoding. */
function isFragment(wire: Uint8Array): boolean {
  const flagsAt = (wire[0] & 0x0f) * 4 + 8 + 1;
  return flagsAt < wire.length && (wire[flagsAt] & 0x03) !== 0x02;
}
