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

/** The four bytes of a dotted IPv4 address, parsed once and then remembered (never write to them). */
export function ipv4AddressBytes(text: string): Uint8Array {
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
  const out = new Uint8Array(IPV4_UDP_HEADERS + checkedPayloadLength(payload.length));
  out.set(payload, IPV4_UDP_HEADERS);
  writeIpv4UdpHeaders(out, 0, ipv4AddressBytes(source), sourcePort, ipv4AddressBytes(destination), destinationPort, payload.length, payloadSum(payload), id);
  return out;
}

/** The IPv4 (20) and UDP (8) headers in front of the payload. */
export const IPV4_UDP_HEADERS = 28;

/** The payload length, or a throw when the packet would not fit in IPv4's 16-bit total length. */
export function checkedPayloadLength(length: number): number {
  if (IPV4_UDP_HEADERS + length > 0xffff) throw new Error(`a UDP payload of ${length} bytes does not fit in one IPv4 packet`);
  return length;
}

/**
 * Writes both headers of the packet at `at` in `out`, whose payload (`length` bytes) already follows
 * them. `payloadSum` is the payload's one's-complement sum as big-endian 16-bit words (any number of
 * carries; an odd last byte counts as its word's high byte).
 */
export function writeIpv4UdpHeaders(out: Uint8Array, at: number, source: Uint8Array, sourcePort: number, destination: Uint8Array, destinationPort: number, length: number, payloadSum: number, id = 0): void {
  const total = IPV4_UDP_HEADERS + length;
  const udpLength = 8 + length;
  out[at] = 0x45;
  out[at + 1] = 0;
  out[at + 2] = total >> 8;
  out[at + 3] = total & 0xff;
  out[at + 4] = (id >> 8) & 0xff;
  out[at + 5] = id & 0xff;
  out[at + 6] = 0x40;
  out[at + 7] = 0;
  out[at + 8] = 64;
  out[at + 9] = PROTOCOL_UDP;
  for (let i = 0; i < 4; i++) {
    out[at + 12 + i] = source[i];
    out[at + 16 + i] = destination[i];
  }
  const addresses = addressSum(source) + addressSum(destination);
  const headerSum = 0x4500 + total + (id & 0xffff) + 0x4000 + ((64 << 8) | PROTOCOL_UDP) + addresses;
  const headerChecksum = foldChecksum(headerSum) ^ 0xffff;
  out[at + 10] = headerChecksum >> 8;
  out[at + 11] = headerChecksum & 0xff;
  const udp = at + 20;
  out[udp] = sourcePort >> 8;
  out[udp + 1] = sourcePort & 0xff;
  out[udp + 2] = destinationPort >> 8;
  out[udp + 3] = destinationPort & 0xff;
  out[udp + 4] = udpLength >> 8;
  out[udp + 5] = udpLength & 0xff;
  // Pseudo header (addresses, protocol, UDP length), the UDP header without its checksum, the payload.
  const udpSum = addresses + PROTOCOL_UDP + udpLength + sourcePort + destinationPort + udpLength + payloadSum;
  const udpChecksum = foldChecksum(udpSum) ^ 0xffff;
  // 0 means "no checksum" in UDP over IPv4, so a computed 0 is sent as its equal FFFF.
  const sent = udpChecksum === 0 ? 0xffff : udpChecksum;
  out[udp + 6] = sent >> 8;
  out[udp + 7] = sent & 0xff;
}

function addressSum(address: Uint8Array): number {
  return ((address[0] << 8) | address[1]) + ((address[2] << 8) | address[3]);
}

/** The payload as big-endian 16-bit words, summed (an odd last byte is padded with zero). */
function payloadSum(bytes: Uint8Array): number {
  let total = 0;
  const even = bytes.length & ~1;
  for (let i = 0; i < even; i += 2) total += (bytes[i] << 8) | bytes[i + 1];
  if (even !== bytes.length) total += bytes[even] << 8;
  return total;
}

/** One's-complement folding of a sum into 16 bits. */
export function foldChecksum(sum: number): number {
  let total = sum;
  while (total > 0xffff) total = (total & 0xffff) + Math.floor(total / 0x10000);
  return total;
}
