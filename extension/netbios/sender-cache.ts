/**
 * The senders a watcher heard from lately, by UDP address, port and encoded NetBIOS source name: each
 * one's peer (`10.0.0.5:138`, `HOST<00>`) and address bytes are made once, so a busy sender costs no
 * new strings or objects per datagram. Bounded. Pure.
 */
import type { Peer } from '../core/message';
import { ipv4AddressBytes } from './ipv4-udp';
import { decodeNetbiosName, formatNetbiosName } from './netbios-name';

export interface Sender {
  /** Shared by every datagram of this sender: never write to it. */
  readonly peer: Peer;
  /** The four bytes of the UDP source address. */
  readonly address: Uint8Array;
}

interface Known extends Sender {
  addressText: string;
  port: number;
  /** The encoded source name as it came (empty when the datagram had none). */
  name: Uint8Array;
}

const SENDERS_KEPT = 1024;

export class SenderCache {
  private readonly byAddress = new Map<string, Known[]>();
  private size = 0;
  /** The sender of the last datagram: most datagrams come from it, and then no map is looked into. */
  private last: Known | undefined;

  /**
   * The sender of a datagram from `address`:`port` whose encoded source name lies at
   * `datagram[nameStart, nameEnd)` (an empty range: no source name).
   */
  of(address: string, port: number, datagram: Uint8Array, nameStart: number, nameEnd: number): Sender {
    const last = this.last;
    if (last !== undefined && last.port === port && last.addressText === address && sameBytes(last.name, datagram, nameStart, nameEnd)) return last;
    const known = this.byAddress.get(address);
    if (known) {
      for (const sender of known) {
        if (sender.port === port && sameBytes(sender.name, datagram, nameStart, nameEnd)) return (this.last = sender);
      }
    }
    // A copy: the datagram's buffer is not ours to keep (a Buffer's slice would be a view of it).
    return this.add(address, port, Uint8Array.from(datagram.subarray(nameStart, nameEnd)), known);
  }

  private add(address: string, port: number, name: Uint8Array, known: Known[] | undefined): Known {
    if (this.size >= SENDERS_KEPT) {
      this.byAddress.clear();
      this.size = 0;
      known = undefined;
    }
    const decoded = name.length ? decodeNetbiosName(name, 0) : undefined;
    const peer: Peer = { address: `${address}:${port}` };
    if (decoded?.ok) peer.name = formatNetbiosName(decoded.value);
    const sender: Known = { peer, address: ipv4AddressBytes(address), addressText: address, port, name };
    if (known) known.push(sender);
    else this.byAddress.set(address, [sender]);
    this.size++;
    this.last = sender;
    return sender;
  }
}

function sameBytes(kept: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
  if (kept.length !== end - start) return false;
  for (let i = 0; i < kept.length; i++) if (kept[i] !== bytes[start + i]) return false;
  return true;
}
