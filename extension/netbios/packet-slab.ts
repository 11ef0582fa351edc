/**
 * IPv4/UDP packets written back to back into shared slabs: a watcher that keeps the wire form of every
 * datagram allocates one buffer per few hundred datagrams instead of one per datagram. A written packet
 * is never written to again, so views of it (the packet, the message inside it) stay valid, and a log
 * may keep the slab itself instead of a copy (RawMessage.wireFrozen). A large packet gets a buffer of its
 * own, so the space a slab wastes at its end stays small next to what it holds. Pure.
 */
import { checkedPayloadLength, foldChecksum, IPV4_UDP_HEADERS, writeIpv4UdpHeaders } from './ipv4-udp';

const SLAB_SIZE = 64 * 1024;
/** Packets from this size on are not put in a slab. */
const ALONE_FROM = SLAB_SIZE / 16;
/** Packets start at multiples of 4, so their payloads (28 bytes in) can be summed as aligned 32-bit words. */
const ALIGN = 4;
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

export class PacketSlab {
  /** The buffer the last packet was written to (the slab, or a large packet's own). */
  bytes = new Uint8Array(0);
  private words = new Uint32Array(0);
  private slab = new Uint8Array(0);
  private slabWords = new Uint32Array(0);
  private used = 0;

  /** Writes one packet and returns where it starts in `bytes` (which may be a new buffer). */
  write(source: Uint8Array, sourcePort: number, destination: Uint8Array, destinationPort: number, payload: Uint8Array): number {
    const length = payload.length;
    const size = IPV4_UDP_HEADERS + checkedPayloadLength(length);
    let at = 0;
    if (size >= ALONE_FROM) {
      const buffer = new ArrayBuffer(size);
      this.bytes = new Uint8Array(buffer);
      this.words = new Uint32Array(buffer, 0, size >> 2);
    } else {
      if (this.used + size > this.slab.length) {
        const buffer = new ArrayBuffer(SLAB_SIZE);
        this.slab = new Uint8Array(buffer);
        this.slabWords = new Uint32Array(buffer);
        this.used = 0;
      }
      at = this.used;
      this.bytes = this.slab;
      this.words = this.slabWords;
      this.used = (at + size + ALIGN - 1) & ~(ALIGN - 1);
    }
    this.bytes.set(payload, at + IPV4_UDP_HEADERS);
    writeIpv4UdpHeaders(this.bytes, at, source, sourcePort, destination, destinationPort, length, this.sum(at + IPV4_UDP_HEADERS, length));
    return at;
  }

  /** Gives back the space of the packet just written at `at` (nothing may refer to it). */
  takeBack(at: number): void {
    if (this.bytes === this.slab) this.used = at;
  }

  /**
   * The one's-complement sum of `length` bytes at `start` (a multiple of 4) as big-endian 16-bit words.
   * Such a sum can be taken in either byte order and swapped at the end (RFC 1071), so whole 32-bit words
   * are read in the machine's order.
   */
  private sum(start: number, length: number): number {
    const words = this.words;
    const first = start >> 2;
    const whole = length >> 2;
    let total = 0;
    for (let i = first; i < first + whole; i++) {
      const word = words[i];
      total += (word & 0xffff) + (word >>> 16);
    }
    if (LITTLE_ENDIAN) total = swap16(foldChecksum(total));
    // The last 1 to 3 bytes, as big-endian words (a lone byte is the high half of its word).
    const bytes = this.bytes;
    for (let at = start + 4 * whole; at < start + length; at += 2) total += (bytes[at] << 8) | (at + 1 < start + length ? bytes[at + 1] : 0);
    return total;
  }
}

function swap16(value: number): number {
  return ((value & 0xff) << 8) | (value >> 8);
}
