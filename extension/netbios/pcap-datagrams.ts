/**
 * Reads a pcap or pcapng file and lists every mailslot datagram in it (UDP to or from the NetBIOS
 * datagram port), decoded through all layers; packets that are not IPv4/UDP are counted, fragments
 * and broken frames reported. The file is read as a stream (pcap-reader.ts); only the datagrams are
 * kept, each in a copy of its own. Never throws. Pure.
 */
import type { RawMessage } from '../core/message';
import { MessageFlag } from '../core/message';
import { NETBIOS_DATAGRAM_PORT } from './datagram';
import { CaptureProblems, readCaptureContainer, type ByteSource, type CaptureProblem } from './pcap-reader';
import { readIpv4Udp } from './ipv4-udp';
import { ipv4FromFrame } from './link-layer';
import { decodeMailslotDatagram, type MailslotDatagram } from './mailslot-datagram';
import { FragmentOrigins } from './fragment-origins';
import { formatNetbiosName } from './netbios-name';

export interface CaptureOptions {
  /** UDP ports that carry NetBIOS datagrams (default [138]); a packet to or from any of them is read. */
  ports?: number[];
}

export interface CaptureDatagram {
  /** The packet number in the file (1-based, as Wireshark shows it). */
  packet: number;
  /** Milliseconds since the Unix epoch (NaN when the file has no time stamp for it). */
  time: number;
  /** `ip:port` from the UDP header. */
  source: string;
  destination: string;
  /** NetBIOS source and destination names as `NAME<xx>` ('' when unreadable). */
  sourceName: string;
  destinationName: string;
  /** `\MAILSLOT\name` ('' when there is none). */
  mailslot: string;
  /** The endpoint a watcher of this mailslot names: `\\.\mailslot\name` (`\\.\mailslot\*` without one). */
  endpoint: string;
  /** The mailslot data; decode it with the decoders. */
  data: Uint8Array;
  decoded: MailslotDatagram;
  /** The IPv4 packet as captured. */
  wire: Uint8Array;
  /** Problems of this datagram at every layer (IP/UDP, datagram, SMB, browser). */
  problems: string[];
}

export interface CaptureResult {
  format: 'pcap' | 'pcapng' | 'unknown';
  /** Packets in the file. */
  packets: number;
  /** Link types seen. */
  linkTypes: number[];
  datagrams: CaptureDatagram[];
  /** Packets that were something else (ARP, IPv6, TCP, other UDP ports). */
  skipped: number;
  /** File-level and packet-level problems: damaged blocks, fragments, unsupported link types. */
  problems: CaptureProblem[];
}

export function readCapture(input: ByteSource | Uint8Array, options: CaptureOptions = {}): CaptureResult {
  const ports = new Set(options.ports ?? [NETBIOS_DATAGRAM_PORT]);
  const datagrams: CaptureDatagram[] = [];
  const linkTypes = new Set<number>();
  const fragments = new FragmentOrigins();
  let skipped = 0;
  const problems = new CaptureProblems();
  const container = readCaptureContainer(input, (packet) => {
    const problem = (message: string) => problems.add({ packet: packet.number, offset: -1, message });
    linkTypes.add(packet.linkType);
    const link = ipv4FromFrame(packet.linkType, packet.data);
    if (link.kind === 'problem') return problem(link.message);
    if (link.kind === 'other') return void skipped++;
    const ip = readIpv4Udp(link.packet);
    if (ip.kind === 'problem') return problem(ip.message);
    if (ip.kind === 'fragment') {
      // Later fragments carry no ports: report them all, a mailslot datagram may hide in any.
      const relevant = ip.sourcePort === undefined || ports.has(ip.sourcePort) || ports.has(ip.destinationPort ?? -1);
      return relevant ? problem(ip.message) : void skipped++;
    }
    if (ip.kind === 'other' || !(ports.has(ip.udp.sourcePort) || ports.has(ip.udp.destinationPort))) return void skipped++;
    // The packet is read again from a copy of its own: the reader's buffer is reused for the next block.
    const wire = link.packet.slice();
    const own = readIpv4Udp(wire);
    if (own.kind !== 'udp') return;
    const { udp } = own;
    const decoded = decodeMailslotDatagram(udp.payload);
    const { sourceName, destinationName } = decoded.datagram;
    const mailslot = fragments.follow(decoded);
    datagrams.push({
      packet: packet.number,
      time: packet.time,
      source: `${udp.source}:${udp.sourcePort}`,
      destination: `${udp.destination}:${udp.destinationPort}`,
      sourceName: sourceName ? formatNetbiosName(sourceName) : '',
      destinationName: destinationName ? formatNetbiosName(destinationName) : '',
      mailslot,
      endpoint: mailslotEndpoint(mailslot),
      data: decoded.data,
      decoded,
      wire,
      problems: [...udp.problems.map((p) => `ip/udp: ${p}`), ...decoded.problems],
    });
  }, problems);
  return { format: container.format, packets: container.packets, linkTypes: [...linkTypes], datagrams, skipped, problems: problems.all() };
}

/** `\MAILSLOT\name` → `\\.\mailslot\name`; datagrams without a readable mailslot → `\\.\mailslot\*`. */
export function mailslotEndpoint(mailslot: string): string {
  const prefix = '\\MAILSLOT\\';
  const name = mailslot.toUpperCase().startsWith(prefix) ? mailslot.slice(prefix.length) : '';
  return `\\\\.\\mailslot\\${name || '*'}`;
}

/**
 * The datagrams of a capture as messages for the traffic log (direction 'in', network origin), with their
 * endpoint. A packet without a usable time stamp gets the Unix epoch, as Wireshark shows it.
 */
export function captureMessages(capture: CaptureResult): { endpoint: string; raw: RawMessage }[] {
  return capture.datagrams.map((d) => ({
    endpoint: d.endpoint,
    raw: {
      time: Number.isFinite(d.time) ? d.time : 0,
      direction: 'in',
      bytes: d.data,
      peer: { address: d.source, ...(d.sourceName ? { name: d.sourceName } : {}) },
      flags: MessageFlag.network | (d.decoded.malformed || d.problems.length > d.decoded.problems.length ? MessageFlag.malformed : 0),
      wire: d.wire,
    },
  }));
}

/** One line that names a capture's datagram (`#12 <time> <source> NAME<00> → NAME<1d> \MAILSLOT\x`) and its details as data. */
export function describeCaptureDatagram(d: CaptureDatagram): { label: string; details: Record<string, unknown> } {
  const time = Number.isFinite(d.time) ? new Date(d.time).toISOString() : 'no time';
  const what = d.mailslot || d.decoded.datagram.typeName;
  const names = `${d.sourceName || '?'} → ${d.destinationName || '?'}`;
  const browser = d.decoded.browser;
  const fields = browser ? Object.entries(browser.fields).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : v}`).join(' ') : '';
  const label = [
    `#${d.packet} ${time} ${d.source} ${names} ${what}${browser ? ` (${browser.commandName})` : ''}`,
    ...(fields ? [`  ${fields}`] : []),
    ...d.problems.map((p) => `! ${p}`),
  ].join('\n');
  return {
    label,
    details: {
      packet: d.packet,
      time,
      source: d.source,
      destination: d.destination,
      sourceName: d.sourceName,
      destinationName: d.destinationName,
      datagramType: d.decoded.datagram.typeName,
      mailslot: d.mailslot,
      ...(browser ? { browser: { command: browser.commandName, fields: browser.fields } } : {}),
      ...(d.problems.length ? { datagramProblems: d.problems } : {}),
    },
  };
}
