/**
 * Finds the IPv4 packet inside a captured frame for the link types Slotpipe reads: Ethernet (with
 * VLAN tags), Linux cooked captures v1 and v2, BSD loopback/null, and raw IP. Pure.
 */

export const LinkType = {
  null: 0,
  ethernet: 1,
  rawBsd: 12,
  raw: 101,
  loop: 108,
  linuxSll: 113,
  ipv4: 228,
  linuxSll2: 276,
} as const;

const ETHERTYPE_IPV4 = 0x0800;
const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100]);
const AF_INET = 2;

export type LinkResult =
  | { kind: 'ipv4'; packet: Uint8Array }
  /** Not IPv4 (ARP, IPv6, ...): not a mailslot datagram, skipped without a problem. */
  | { kind: 'other'; what: string }
  | { kind: 'problem'; message: string };

export function ipv4FromFrame(linkType: number, frame: Uint8Array): LinkResult {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  switch (linkType) {
    case LinkType.ethernet: {
      if (frame.length < 14) return { kind: 'problem', message: `the Ethernet frame is ${frame.length} bytes; its header needs 14` };
      let at = 12;
      let etherType = view.getUint16(at);
      while (VLAN_TAGS.has(etherType)) {
        at += 4;
        if (at + 2 > frame.length) return { kind: 'problem', message: 'the Ethernet frame ends inside a VLAN tag' };
        etherType = view.getUint16(at);
      }
      return byEtherType(etherType, frame.subarray(at + 2));
    }
    case LinkType.linuxSll:
      if (frame.length < 16) return { kind: 'problem', message: `the Linux cooked header needs 16 bytes, the frame has ${frame.length}` };
      return byEtherType(view.getUint16(14), frame.subarray(16));
    case LinkType.linuxSll2:
      if (frame.length < 20) return { kind: 'problem', message: `the Linux cooked v2 header needs 20 bytes, the frame has ${frame.length}` };
      return byEtherType(view.getUint16(0), frame.subarray(20));
    case LinkType.null:
    case LinkType.loop: {
      if (frame.length < 4) return { kind: 'problem', message: `the loopback header needs 4 bytes, the frame has ${frame.length}` };
      // DLT_NULL stores the family in the capturing host's byte order; DLT_LOOP in network order.
      const family = linkType === LinkType.loop ? view.getUint32(0) : Math.min(view.getUint32(0, true), view.getUint32(0, false));
      return family === AF_INET ? { kind: 'ipv4', packet: frame.subarray(4) } : { kind: 'other', what: `address family ${family}` };
    }
    case LinkType.raw:
    case LinkType.rawBsd:
    case LinkType.ipv4:
      if (frame.length >= 1 && frame[0] >> 4 === 4) return { kind: 'ipv4', packet: frame };
      return { kind: 'other', what: `IP version ${frame.length ? frame[0] >> 4 : 'unknown'}` };
    default:
      return { kind: 'problem', message: `link type ${linkType} is not supported (Ethernet, Linux cooked v1/v2, loopback/null and raw IP are)` };
  }
}

function byEtherType(etherType: number, payload: Uint8Array): LinkResult {
  if (etherType === ETHERTYPE_IPV4) return { kind: 'ipv4', packet: payload };
  return { kind: 'other', what: `EtherType 0x${etherType.toString(16).padStart(4, '0')}` };
}
