/**
 * IPv4 + UDP framing: reading a captured packet (fragments reported, never reassembled) and building
 * one around a datagram so traffic received through a UDP socket can be exported as a capture. Pure.
 */
import { parseIpv4 } from './datagram';

export interface UdpPacket {
  source: string;
  sourcePort: number;
  destination: string;
  destinationPort: number;
  payload: Uint8Array;
  /** Problems that did not stop reading (e.g. a length that disagrees with the bytes). */
  problems: string[];
}

export type Ipv4Result =
  | { kind: 'udp'; udp: UdpPacket }
  | { kind: 'other'; what: string }
  /** A fragment: `udp` is set for the first one when its UDP header is there. */
  | { kind: 'fragment'; message: string; sourcePort?: number; destinationPort?: number }
  | { kind: 'problem'; message: string };

const PROTOCOL_UDP = 17;
/** Parsed addresses, since a watcher wraps every datagram with the same few (never written to). */
const addresses = new Map<string, Uint8Array>();
const ADDRESSES_KEPT = 256;

function addressBytes(text: string): Uint8Array {
  let bytes = addresses.get(text);
  if (!bytes) {
    bytes = parseIpv4(text);
    if (addresses.size >= ADDRESSES_KEPT) addresses.clear();
    addresses.set(text, bytes);
  }
  return bytes;
}

export function readIpv4Udp(packet: Uint8Array): Ipv4Result {
  if (packet.length < 20) return { kind: 'problem', message: `the IPv4 packet is ${packet.length} bytes; its header needs 20` };
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  const version = packet[0] >> 4;
  const headerLength = (packet[0] & 0x0f) * 4;
  if (version !== 4) return { kind: 'problem', message: `IP version ${version} where IPv4 was expected` };
  if (headerLength < 20 || headerLength > packet.length) {
    return { kind: 'problem', message: `the IPv4 header length ${headerLength} is ${headerLength < 20 ? 'below 20' : `beyond the ${packet.length} captured bytes`}` };
  }
  const problems: string[] = [];
  const totalLength = view.getUint16(2);
  let end = packet.length;
  if (totalLength < headerLength) return { kind: 'problem', message: `the IPv4 total length ${totalLength} is shorter than its header (${headerLength})` };
  if (totalLength < packet.length) end = totalLength; // Ethernet pads short frames.
  else if (totalLength > packet.length) problems.push(`the capture holds ${packet.length} of the packet's ${totalLength} bytes`);
  const source = `${packet[12]}.${packet[13]}.${packet[14]}.${packet[15]}`;
  const destination = `${packet[16]}.${packet[17]}.${packet[18]}.${packet[19]}`;
  const protocol = packet[9];
  if (protocol !== PROTOCOL_UDP) return { kind: 'other', what: `IP protocol ${protocol}` };
  const fragment = view.getUint16(6);
  const more = (fragment & 0x2000) !== 0;
  const offset = (fragment & 0x1fff) * 8;
  const body = packet.subarray(headerLength, end);
  const bodyView = new DataView(body.buffer, body.byteOffset, body.byteLength);
  if (more || offset > 0) {
    const first = offset === 0 && body.length >= 8;
    return {
      kind: 'fragment',
      message: `an IPv4 fragment from ${source} to ${destination} (id 0x${view.getUint16(4).toString(16)}, offset ${offset}, ${more ? 'more follow' : 'last'}); fragments are not reassembled`,
      sourcePort: first ? bodyView.getUint16(0) : undefined,
      destinationPort: first ? bodyView.getUint16(2) : undefined,
    };
  }
  if (body.length < 8) return { kind: 'problem', message: `the UDP header needs 8 bytes, the packet has ${body.length}` };
  const udpLength = bodyView.getUint16(4);
  let payloadEnd = body.length;
  if (udpLength < 8) problems.push(`the UDP length ${udpLength} is below its own header's 8 bytes`);
  else if (udpLength < body.length) payloadEnd = udpLength;
  else if (udpLength > body.length) problems.push(`the UDP length says ${udpLength} bytes, the packet holds ${body.length}`);
  return {
    kind: 'udp',
    udp: {
      source,
      sourcePort: bodyView.getUint16(0),
      destination,
      destinationPort: bodyView.getUint16(2),
      payload: body.subarray(8, payloadEnd),
      problems,
    },
  };
}

/** Wraps a UDP payload in IPv4 and UDP headers with valid checksums (TTL 64, don't fragment). */
export function buildIpv4Udp(source: string, sourcePort: number, destination: string, destinationPort: number, payload: Uint8Array, id = 0): Uint8Array {
  const total = 20 + 8 + payload.length;
  if (total > 0xffff) throw new Error(`a UDP payload of ${payload.length} bytes does not fit in one IPv4 packet`);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const src = addressBytes(source);
  const dst = addressBytes(destination);
  out[0] = 0x45;
  view.setUint16(2, total);
  view.setUint16(4, id & 0xffff);
  view.setUint16(6, 0x4000);
  out[8] = 64;
  out[9] = PROTOCOL_UDP;
  out.set(src, 12);
  out.set(dst, 16);
  view.setUint16(10, checksum(out.subarray(0, 20), 0));
  view.setUint16(20, sourcePort);
  view.setUint16(22, destinationPort);
  view.setUint16(24, 8 + payload.length);
  out.set(payload, 28);
  const pseudo = sum(src) + sum(dst) + PROTOCOL_UDP + 8 + payload.length;
  const udpChecksum = checksum(out.subarray(20), pseudo);
  view.setUint16(26, udpChecksum === 0 ? 0xffff : udpChecksum);
  return out;
}

function sum(bytes: Uint8Array): number {
  let total = 0;
  for (let i = 0; i < bytes.length; i += 2) total += (bytes[i] << 8) | (bytes[i + 1] ?? 0);
  return total;
}

function checksum(bytes: Uint8Array, initial: number): number {
  let total = initial + sum(bytes);
  while (total > 0xffff) total = (total & 0xffff) + Math.floor(total / 0x10000);
  return ~total & 0xffff;
}
