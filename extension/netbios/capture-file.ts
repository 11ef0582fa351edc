/**
 * The two capture file containers: classic pcap (either byte order, micro- or nanosecond stamps) and
 * pcapng (sections, interfaces with their link type and time resolution, enhanced / simple / obsolete
 * packet blocks). Yields the packets with their link type; never throws. Pure.
 */
import { hexBytes } from '../core/hex';

export interface CapturedPacket {
  /** 1-based, as Wireshark numbers them. */
  number: number;
  /** Milliseconds since the Unix epoch. */
  time: number;
  linkType: number;
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

export interface CaptureContainer {
  format: 'pcap' | 'pcapng' | 'unknown';
  packets: CapturedPacket[];
  problems: CaptureProblem[];
}

const PCAP_MICRO = 0xa1b2c3d4;
const PCAP_NANO = 0xa1b23c4d;
const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_BYTE_ORDER = 0x1a2b3c4d;

export function readCaptureContainer(bytes: Uint8Array): CaptureContainer {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4) return unknown(`the file is ${bytes.length} bytes; too short to be a capture`);
  const magicBig = view.getUint32(0, false);
  const magicLittle = view.getUint32(0, true);
  if (magicBig === PCAPNG_SHB) return readPcapng(bytes, view);
  if (magicBig === PCAP_MICRO || magicBig === PCAP_NANO) return readPcap(bytes, view, false, magicBig === PCAP_NANO);
  if (magicLittle === PCAP_MICRO || magicLittle === PCAP_NANO) return readPcap(bytes, view, true, magicLittle === PCAP_NANO);
  return unknown(`the file starts with ${hexBytes(bytes.subarray(0, 4))}, which is neither pcap (a1 b2 c3 d4) nor pcapng (0a 0d 0d 0a)`);
}

function unknown(message: string): CaptureContainer {
  return { format: 'unknown', packets: [], problems: [{ offset: 0, message }] };
}

function readPcap(bytes: Uint8Array, view: DataView, little: boolean, nano: boolean): CaptureContainer {
  const result: CaptureContainer = { format: 'pcap', packets: [], problems: [] };
  if (bytes.length < 24) {
    result.problems.push({ offset: 0, message: `the pcap header needs 24 bytes, the file has ${bytes.length}` });
    return result;
  }
  // The upper bits of the link type field may carry FCS information (pcap-linktype(7)).
  const linkType = view.getUint32(20, little) & 0x0fffffff;
  let at = 24;
  while (at < bytes.length) {
    const number = result.packets.length + 1;
    if (at + 16 > bytes.length) {
      result.problems.push({ packet: number, offset: at, message: `the file ends inside packet ${number}'s record header (${bytes.length - at} of 16 bytes)` });
      break;
    }
    const seconds = view.getUint32(at, little);
    const fraction = view.getUint32(at + 4, little);
    const captured = view.getUint32(at + 8, little);
    const original = view.getUint32(at + 12, little);
    if (at + 16 + captured > bytes.length) {
      result.problems.push({ packet: number, offset: at, message: `packet ${number} says ${captured} bytes were captured, but only ${bytes.length - at - 16} remain in the file` });
      break;
    }
    result.packets.push({
      number,
      time: seconds * 1000 + fraction / (nano ? 1e6 : 1e3),
      linkType,
      data: bytes.subarray(at + 16, at + 16 + captured),
      originalLength: original,
    });
    at += 16 + captured;
  }
  return result;
}

interface Interface {
  linkType: number;
  /** Timestamp units per second. */
  unitsPerSecond: number;
  /** if_tsoffset: seconds added to every timestamp. */
  offsetSeconds: number;
}

function readPcapng(bytes: Uint8Array, view: DataView): CaptureContainer {
  const result: CaptureContainer = { format: 'pcapng', packets: [], problems: [] };
  let little = true;
  let interfaces: Interface[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) {
      result.problems.push({ offset: at, message: `the file ends inside a block header (${bytes.length - at} bytes left)` });
      break;
    }
    const type = view.getUint32(at, little);
    if (type === PCAPNG_SHB) {
      const order = view.getUint32(at + 8, true);
      if (order === PCAPNG_BYTE_ORDER) little = true;
      else if (order === 0x4d3c2b1a) little = false;
      else {
        result.problems.push({ offset: at, message: `the section header's byte-order magic is ${hexBytes(bytes.subarray(at + 8, at + 12))}` });
        break;
      }
      interfaces = [];
    }
    const length = view.getUint32(at + 4, little);
    if (length < 12 || length % 4 !== 0 || at + length > bytes.length) {
      result.problems.push({ offset: at, message: `a block of type 0x${type.toString(16)} claims length ${length}, which ${length < 12 || length % 4 ? 'is not a valid block length' : `runs past the end of the file (${bytes.length - at} bytes left)`}` });
      break;
    }
    if (view.getUint32(at + length - 4, little) !== length) {
      result.problems.push({ offset: at, message: `the block at offset ${at} has a trailing length that differs from its leading length ${length}` });
      break;
    }
    const body = bytes.subarray(at + 8, at + length - 4);
    const bodyView = new DataView(body.buffer, body.byteOffset, body.byteLength);
    switch (type) {
      case 1:
        interfaces.push(readInterface(body, bodyView, little, at, result));
        break;
      case 6:
      case 2:
        readPacketBlock(type, body, bodyView, little, interfaces, at, result);
        break;
      case 3: {
        const number = result.packets.length + 1;
        const iface = interfaces[0];
        if (!iface || body.length < 4) {
          result.problems.push({ packet: number, offset: at, message: iface ? 'a simple packet block is too short' : 'a simple packet block comes before any interface description' });
          break;
        }
        const original = bodyView.getUint32(0, little);
        result.packets.push({ number, time: NaN, linkType: iface.linkType, data: body.subarray(4, 4 + Math.min(original, body.length - 4)), originalLength: original });
        break;
      }
      default:
        // Name resolution, statistics, custom and other blocks carry no packets.
        break;
    }
    at += length;
  }
  return result;
}

function readInterface(body: Uint8Array, view: DataView, little: boolean, at: number, result: CaptureContainer): Interface {
  const iface: Interface = { linkType: body.length >= 2 ? view.getUint16(0, little) : -1, unitsPerSecond: 1e6, offsetSeconds: 0 };
  if (body.length < 8) result.problems.push({ offset: at, message: 'an interface description block is too short' });
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

function readPacketBlock(type: number, body: Uint8Array, view: DataView, little: boolean, interfaces: Interface[], at: number, result: CaptureContainer): void {
  const number = result.packets.length + 1;
  const headerLength = 20;
  if (body.length < headerLength) {
    result.problems.push({ packet: number, offset: at, message: `packet ${number}'s block is ${body.length} bytes; its fields need ${headerLength}` });
    return;
  }
  const interfaceId = type === 6 ? view.getUint32(0, little) : view.getUint16(0, little);
  const iface = interfaces[interfaceId];
  if (!iface) {
    result.problems.push({ packet: number, offset: at, message: `packet ${number} names interface ${interfaceId}, but the section describes ${interfaces.length}` });
    return;
  }
  const stamp = view.getUint32(4, little) * 2 ** 32 + view.getUint32(8, little);
  const captured = view.getUint32(12, little);
  const original = view.getUint32(16, little);
  if (headerLength + captured > body.length) {
    result.problems.push({ packet: number, offset: at, message: `packet ${number} says ${captured} bytes were captured, but its block holds ${body.length - headerLength}` });
    return;
  }
  result.packets.push({
    number,
    time: dateTime((iface.offsetSeconds + stamp / iface.unitsPerSecond) * 1000),
    linkType: iface.linkType,
    data: body.subarray(headerLength, headerLength + captured),
    originalLength: original,
  });
}


/** Milliseconds a Date can hold, else NaN (no usable time stamp): a time offset or resolution can push a stamp past year 275760. */
function dateTime(ms: number): number {
  return Math.abs(ms) <= 8.64e15 ? ms : NaN;
}
