/**
 * The two capture file containers: classic pcap (either byte order, micro- or nanosecond stamps) and
 * pcapng (sections, interfaces with their link type and time resolution, enhanced / simple / obsolete
 * packet blocks). Read as a stream, block by block, from a ByteSource: the magic is checked before
 * anything else is read, every length is checked against what is left of the file and against
 * MAX_BLOCK before it is read, so a lying length or a file of zeros costs neither time nor memory.
 * Never throws. Pure.
 */
import { hexBytes } from '../core/hex';

export interface CapturedPacket {
  /** 1-based, as Wireshark numbers them. */
  number: number;
  /** Milliseconds since the Unix epoch. */
  time: number;
  linkType: number;
  /** Valid only while the packet is being handled: a file source reuses its buffer. */
  data: Uint8Array;
  /** The packet's length on the wire (more than data.length when the capture cut it). */
  originalLength: number;
}

export interface CaptureProblem {
  /** The packet concerned, when there is one. */
  packet?: number;
  /** Byte offset in the file. */
  offset: number;
  message: string;
}

/** Where a capture's bytes come from: a whole buffer, or a file read a window at a time. */
export interface ByteSource {
  readonly size: number;
  /** `length` bytes from `offset`, both inside the source; valid until the next read. */
  read(offset: number, length: number): Uint8Array;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

export interface CaptureContainer {
  format: 'pcap' | 'pcapng' | 'unknown';
  /** Packets read. */
  packets: number;
  problems: CaptureProblems;
}

/** No capture tool writes a block or packet this large (libpcap's largest snapshot is 256 KiB). */
export const MAX_BLOCK = 16 * 1024 * 1024;

/** Problems kept one by one; past that only counted, so a file of a million broken packets stays small. */
export class CaptureProblems {
  static readonly KEPT = 1000;
  readonly list: CaptureProblem[] = [];
  more = 0;

  add(problem: CaptureProblem): void {
    if (this.list.length < CaptureProblems.KEPT) this.list.push(problem);
    else this.more++;
  }

  /** The kept problems, then one that counts the rest. */
  all(): CaptureProblem[] {
    return this.more ? [...this.list, { offset: -1, message: `${this.more.toLocaleString('en-US')} more problems like these, not listed` }] : this.list;
  }
}

const PCAP_MICRO = 0xa1b2c3d4;
const PCAP_NANO = 0xa1b23c4d;
const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_BYTE_ORDER = 0x1a2b3c4d;

/** Whether four bytes start a pcap or pcapng file. */
export function isCaptureMagic(head: Uint8Array): boolean {
  if (head.length < 4) return false;
  const view = new DataView(head.buffer, head.byteOffset, 4);
  return [PCAPNG_SHB, PCAP_MICRO, PCAP_NANO].includes(view.getUint32(0, false)) || [PCAP_MICRO, PCAP_NANO].includes(view.getUint32(0, true));
}

/** Reads the container, handing each packet to `onPacket` as it is read; the packets' problems may join the file's. */
export function readCaptureContainer(
  input: ByteSource | Uint8Array, onPacket: (packet: CapturedPacket) => void, problems = new CaptureProblems(),
): CaptureContainer {
  const source = input instanceof Uint8Array ? bytesSource(input) : input;
  const result = (format: CaptureContainer['format'], packets: number): CaptureContainer => ({ format, packets, problems });
  if (source.size < 4) return unknown(`the file is ${source.size} bytes; too short to be a capture`);
  const head = source.read(0, 4);
  const view = viewOf(head);
  const magicBig = view.getUint32(0, false);
  const magicLittle = view.getUint32(0, true);
  if (magicBig === PCAPNG_SHB) return result('pcapng', readPcapng(source, problems, onPacket));
  if (magicBig === PCAP_MICRO || magicBig === PCAP_NANO) return result('pcap', readPcap(source, false, magicBig === PCAP_NANO, problems, onPacket));
  if (magicLittle === PCAP_MICRO || magicLittle === PCAP_NANO) return result('pcap', readPcap(source, true, magicLittle === PCAP_NANO, problems, onPacket));
  return unknown(`the file starts with ${hexBytes(head)}, which is neither pcap (a1 b2 c3 d4) nor pcapng (0a 0d 0d 0a)`);

  function unknown(message: string): CaptureContainer {
    problems.add({ offset: 0, message });
    return result('unknown', 0);
  }
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Returns the number of packets read. */
function readPcap(source: ByteSource, little: boolean, nano: boolean, problems: CaptureProblems, onPacket: (packet: CapturedPacket) => void): number {
  const size = source.size;
  if (size < 24) {
    problems.add({ offset: 0, message: `the pcap header needs 24 bytes, the file has ${size}` });
    return 0;
  }
  // The upper bits of the link type field may carry FCS information (pcap-linktype(7)).
  const linkType = viewOf(source.read(0, 24)).getUint32(20, little) & 0x0fffffff;
  let at = 24;
  let count = 0;
  while (at < size) {
    const number = count + 1;
    if (at + 16 > size) {
      problems.add({ packet: number, offset: at, message: `the file ends inside packet ${number}'s record header (${size - at} of 16 bytes)` });
      break;
    }
    const record = viewOf(source.read(at, 16));
    const seconds = record.getUint32(0, little);
    const fraction = record.getUint32(4, little);
    const captured = record.getUint32(8, little);
    const original = record.getUint32(12, little);
    if (original === 0) {
      // No link layer has empty frames: this is where a sparse or zero-filled file lost its packets.
      problems.add({ packet: number, offset: at, message: `packet ${number}'s record says 0 bytes were on the wire: the rest of the file (${size - at} bytes from offset ${at}) holds no packets${isZero(record) ? ' (it is zeros)' : ''}` });
      break;
    }
    if (captured > MAX_BLOCK || at + 16 + captured > size) {
      problems.add({ packet: number, offset: at, message: `packet ${number} says ${captured} bytes were captured, but ${captured > MAX_BLOCK ? `no capture holds packets over ${MAX_BLOCK} bytes` : `only ${size - at - 16} remain in the file`}` });
      break;
    }
    onPacket({
      number,
      time: seconds * 1000 + fraction / (nano ? 1e6 : 1e3),
      linkType,
      data: source.read(at + 16, captured),
      originalLength: original,
    });
    count++;
    at += 16 + captured;
  }
  return count;
}

function isZero(view: DataView): boolean {
  for (let i = 0; i < view.byteLength; i++) if (view.getUint8(i)) return false;
  return true;
}

interface Interface {
  linkType: number;
  /** Timestamp units per second. */
  unitsPerSecond: number;
  /** if_tsoffset: seconds added to every timestamp. */
  offsetSeconds: number;
}

/** Returns the number of packets read. */
function readPcapng(source: ByteSource, problems: CaptureProblems, onPacket: (packet: CapturedPacket) => void): number {
  const size = source.size;
  let little = true;
  let interfaces: Interface[] = [];
  let at = 0;
  let count = 0;
  const deliver = (packet: Omit<CapturedPacket, 'number'>) => onPacket({ number: ++count, ...packet });
  while (at < size) {
    if (at + 12 > size) {
      problems.add({ offset: at, message: `the file ends inside a block header (${size - at} bytes left)` });
      break;
    }
    const blockHead = source.read(at, 12);
    const headView = viewOf(blockHead);
    const type = headView.getUint32(0, little);
    if (type === PCAPNG_SHB) {
      const order = headView.getUint32(8, true);
      if (order === PCAPNG_BYTE_ORDER) little = true;
      else if (order === 0x4d3c2b1a) little = false;
      else {
        problems.add({ offset: at, message: `the section header's byte-order magic is ${hexBytes(blockHead.subarray(8, 12))}` });
        break;
      }
      interfaces = [];
    }
    const length = headView.getUint32(4, little);
    if (length < 12 || length % 4 !== 0 || length > size - at || length > MAX_BLOCK) {
      const why = length < 12 || length % 4 ? 'is not a valid block length' : length > size - at ? `runs past the end of the file (${size - at} bytes left)` : `is more than any capture tool writes (${MAX_BLOCK} bytes)`;
      problems.add({ offset: at, message: `a block of type 0x${type.toString(16)} claims length ${length}, which ${why}` });
      break;
    }
    const block = source.read(at, length);
    const blockView = viewOf(block);
    if (blockView.getUint32(length - 4, little) !== length) {
      problems.add({ offset: at, message: `the block at offset ${at} has a trailing length that differs from its leading length ${length}` });
      break;
    }
    const body = block.subarray(8, length - 4);
    const bodyView = viewOf(body);
    switch (type) {
      case 1:
        interfaces.push(readInterface(body, bodyView, little, at, problems));
        break;
      case 6:
      case 2: {
        const packet = readPacketBlock(type, body, bodyView, little, interfaces, count + 1, at, problems);
        if (packet) deliver(packet);
        break;
      }
      case 3: {
        const iface = interfaces[0];
        if (!iface || body.length < 4) {
          problems.add({ packet: count + 1, offset: at, message: iface ? 'a simple packet block is too short' : 'a simple packet block comes before any interface description' });
          break;
        }
        const original = bodyView.getUint32(0, little);
        deliver({ time: NaN, linkType: iface.linkType, data: body.subarray(4, 4 + Math.min(original, body.length - 4)), originalLength: original });
        break;
      }
      default:
        // Name resolution, statistics, custom and other blocks carry no packets.
        break;
    }
    at += length;
  }
  return count;
}

function readInterface(body: Uint8Array, view: DataView, little: boolean, at: number, problems: CaptureProblems): Interface {
  const iface: Interface = { linkType: body.length >= 2 ? view.getUint16(0, little) : -1, unitsPerSecond: 1e6, offsetSeconds: 0 };
  if (body.length < 8) problems.add({ offset: at, message: 'an interface description block is too short' });
  let option = 8;
  while (option + 4 <= body.length) {
    const code = view.getUint16(option, little);
    const size = view.getUint16(option + 2, little);
    if (code === 0 || option + 4 + size > body.length) break;
    if (code === 9 && size >= 1) {
      const resolution = body[option + 4];
      iface.unitsPerSecond = resolution & 0x80 ? 2 ** (resolution & 0x7f) : 10 ** resolution;
    } else if (code === 14 && size >= 8) {
      iface.offsetSeconds = Number(view.getBigInt64(option + 4, little));
    }
    option += 4 + size + ((4 - (size % 4)) % 4);
  }
  return iface;
}

function readPacketBlock(
  type: number, body: Uint8Array, view: DataView, little: boolean, interfaces: Interface[], number: number, at: number, problems: CaptureProblems,
): Omit<CapturedPacket, 'number'> | undefined {
  const headerLength = 20;
  if (body.length < headerLength) {
    problems.add({ packet: number, offset: at, message: `packet ${number}'s block is ${body.length} bytes; its fields need ${headerLength}` });
    return undefined;
  }
  const interfaceId = type === 6 ? view.getUint32(0, little) : view.getUint16(0, little);
  const iface = interfaces[interfaceId];
  if (!iface) {
    problems.add({ packet: number, offset: at, message: `packet ${number} names interface ${interfaceId}, but the section describes ${interfaces.length}` });
    return undefined;
  }
  const stamp = view.getUint32(4, little) * 2 ** 32 + view.getUint32(8, little);
  const captured = view.getUint32(12, little);
  const original = view.getUint32(16, little);
  if (headerLength + captured > body.length) {
    problems.add({ packet: number, offset: at, message: `packet ${number} says ${captured} bytes were captured, but its block holds ${body.length - headerLength}` });
    return undefined;
  }
  return {
    time: dateTime((iface.offsetSeconds + stamp / iface.unitsPerSecond) * 1000),
    linkType: iface.linkType,
    data: body.subarray(headerLength, headerLength + captured),
    originalLength: original,
  };
}

/** Milliseconds a Date can hold, else NaN (no usable time stamp): a time offset or resolution can push a stamp past year 275760. */
function dateTime(ms: number): number {
  return Math.abs(ms) <= 8.64e15 ? ms : NaN;
}
