/**
 * The NetBIOS Datagram Service packet (RFC 1002 §4.4): a 10-byte header, then for direct and broadcast
 * datagrams DGM_LENGTH, PACKET_OFFSET, the source and destination names and the user data.
 * Decoding never throws: every problem is a precise sentence in `problems`. Pure.
 */
import { decodeNetbiosName, encodeNetbiosName, type NetbiosName } from './netbios-name';

/** The UDP port of the NetBIOS Datagram Service. */
export const NETBIOS_DATAGRAM_PORT = 138;

export const DatagramType = {
  directUnique: 0x10,
  directGroup: 0x11,
  broadcast: 0x12,
  error: 0x13,
  queryRequest: 0x14,
  positiveQueryResponse: 0x15,
  negativeQueryResponse: 0x16,
} as const;

const TYPE_NAMES: Record<number, string> = {
  0x10: 'direct unique',
  0x11: 'direct group',
  0x12: 'broadcast',
  0x13: 'error',
  0x14: 'query request',
  0x15: 'positive query response',
  0x16: 'negative query response',
};

export const DATAGRAM_ERROR_NAMES: Record<number, string> = {
  0x82: 'destination name not present',
  0x83: 'invalid source name format',
  0x84: 'invalid destination name format',
};

/** Node types in the SNT flag bits. */
export const NODE_TYPES = ['B node', 'P node', 'M node', 'NBDD'] as const;

const FLAG_MORE = 0x01;
const FLAG_FIRST = 0x02;
const RESERVED_FLAGS = 0xf0;
const HEADER_LENGTH = 10;
const DIRECT_HEADER_LENGTH = 14;
/**
 * RFC 1002 gives 512 bytes of user data; Samba accepts datagrams up to 576 bytes and Windows sends 424-byte
 * mailslot messages to names of any length, so larger datagrams are carried and read, not refused.
 */
export const MAX_USER_DATA = 512;
const MAX_DGM_LENGTH = 0xffff;

export interface DatagramHeader {
  type: number;
  /** `more` (M bit): more fragments follow; `first` (F bit): this is the first fragment. */
  more: boolean;
  first: boolean;
  nodeType: number;
  id: number;
  sourceIp: string;
  sourcePort: number;
}

export interface Datagram extends DatagramHeader {
  typeName: string;
  /** Direct and broadcast datagrams: DGM_LENGTH as sent (names plus user data). */
  length?: number;
  /** Direct and broadcast datagrams: PACKET_OFFSET, the position of this fragment's data. */
  offset?: number;
  sourceName?: NetbiosName;
  destinationName?: NetbiosName;
  userData?: Uint8Array;
  /** Error datagrams: ERROR_CODE. */
  errorCode?: number;
  /** True when this is one fragment of a larger datagram (not reassembled). */
  fragment: boolean;
  problems: string[];
}

export interface DirectDatagramFields extends DatagramHeader {
  sourceName: NetbiosName;
  destinationName: NetbiosName;
  offset?: number;
  userData: Uint8Array;
}

/** Encodes a direct unique, direct group or broadcast datagram. Throws on values the format cannot carry. */
export function encodeDatagram(fields: DirectDatagramFields): Uint8Array {
  if (fields.type < 0x10 || fields.type > 0x12) throw new Error(`datagram type 0x${fields.type.toString(16)} carries no user data; use 0x10, 0x11 or 0x12`);
  const source = encodeNetbiosName(fields.sourceName);
  const destination = encodeNetbiosName(fields.destinationName);
  const length = source.length + destination.length + fields.userData.length;
  if (length > MAX_DGM_LENGTH) {
    throw new Error(`the datagram would hold ${length} bytes after its header; DGM_LENGTH counts at most ${MAX_DGM_LENGTH}`);
  }
  const out = new Uint8Array(DIRECT_HEADER_LENGTH + length);
  writeHeader(out, fields);
  const view = new DataView(out.buffer);
  view.setUint16(10, length);
  view.setUint16(12, fields.offset ?? 0);
  out.set(source, DIRECT_HEADER_LENGTH);
  out.set(destination, DIRECT_HEADER_LENGTH + source.length);
  out.set(fields.userData, DIRECT_HEADER_LENGTH + source.length + destination.length);
  return out;
}

/** Encodes a datagram error packet (type 0x13). */
export function encodeDatagramError(header: DatagramHeader, errorCode: number): Uint8Array {
  const out = new Uint8Array(HEADER_LENGTH + 1);
  writeHeader(out, { ...header, type: DatagramType.error });
  out[10] = errorCode;
  return out;
}

function writeHeader(out: Uint8Array, header: DatagramHeader): void {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const ip = parseIpv4(header.sourceIp);
  out[0] = header.type;
  out[1] = (header.more ? FLAG_MORE : 0) | (header.first ? FLAG_FIRST : 0) | ((header.nodeType & 3) << 2);
  view.setUint16(2, header.id & 0xffff);
  out.set(ip, 4);
  view.setUint16(8, header.sourcePort);
}

/** Decodes one datagram; never throws. */
export function decodeDatagram(bytes: Uint8Array): Datagram {
  const problems: string[] = [];
  const datagram: Datagram = {
    type: bytes[0] ?? 0, typeName: '', more: false, first: false, nodeType: 0, id: 0, sourceIp: '', sourcePort: 0,
    fragment: false, problems,
  };
  if (bytes.length < HEADER_LENGTH) {
    problems.push(`the datagram is ${bytes.length} bytes; its header alone needs ${HEADER_LENGTH}`);
    datagram.typeName = TYPE_NAMES[datagram.type] ?? 'unknown';
    return datagram;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = bytes[1];
  Object.assign(datagram, {
    typeName: TYPE_NAMES[datagram.type] ?? `unknown type 0x${datagram.type.toString(16).padStart(2, '0')}`,
    more: (flags & FLAG_MORE) !== 0,
    first: (flags & FLAG_FIRST) !== 0,
    nodeType: (flags >> 2) & 3,
    id: view.getUint16(2),
    sourceIp: `${bytes[4]}.${bytes[5]}.${bytes[6]}.${bytes[7]}`,
    sourcePort: view.getUint16(8),
  });
  if (flags & RESERVED_FLAGS) problems.push(`the reserved flag bits are set (flags 0x${flags.toString(16).padStart(2, '0')})`);
  if (!(datagram.type in TYPE_NAMES)) {
    problems.push(`unknown datagram type 0x${datagram.type.toString(16).padStart(2, '0')} (known: 0x10 to 0x16)`);
    return datagram;
  }
  if (datagram.type === DatagramType.error) {
    if (bytes.length < HEADER_LENGTH + 1) problems.push('the error datagram has no error code');
    else {
      datagram.errorCode = bytes[10];
      if (!(bytes[10] in DATAGRAM_ERROR_NAMES)) problems.push(`unknown datagram error code 0x${bytes[10].toString(16)}`);
      if (bytes.length > HEADER_LENGTH + 1) problems.push(`${bytes.length - HEADER_LENGTH - 1} extra bytes after the error code`);
    }
    return datagram;
  }
  if (datagram.type >= DatagramType.queryRequest) {
    const name = decodeNetbiosName(bytes, HEADER_LENGTH);
    if (!name.ok) problems.push(`destination name: ${name.reason}`);
    else {
      datagram.destinationName = name.value;
      const end = HEADER_LENGTH + name.length;
      if (end < bytes.length) problems.push(`${bytes.length - end} extra bytes after the destination name`);
    }
    return datagram;
  }
  decodeDirect(bytes, view, datagram);
  return datagram;
}

function decodeDirect(bytes: Uint8Array, view: DataView, datagram: Datagram): void {
  const { problems } = datagram;
  datagram.fragment = datagram.more || !datagram.first;
  if (bytes.length < DIRECT_HEADER_LENGTH) {
    problems.push(`the datagram is ${bytes.length} bytes; a ${datagram.typeName} datagram's header needs ${DIRECT_HEADER_LENGTH}`);
    return;
  }
  datagram.length = view.getUint16(10);
  datagram.offset = view.getUint16(12);
  if (datagram.fragment) {
    problems.push(`this is a fragment (${datagram.first ? 'first' : 'not first'}, ${datagram.more ? 'more follow' : 'last'}, data offset ${datagram.offset}); fragments are shown, not reassembled`);
  } else if (datagram.offset !== 0) {
    problems.push(`PACKET_OFFSET is ${datagram.offset} in an unfragmented datagram (expected 0)`);
  }
  const actual = bytes.length - DIRECT_HEADER_LENGTH;
  if (datagram.length !== actual) {
    problems.push(`DGM_LENGTH says ${datagram.length} bytes follow the header, but ${actual} do`);
  }
  // The source name, then the destination name; the user data follows them.
  let dataAt = DIRECT_HEADER_LENGTH;
  for (const which of ['source', 'destination'] as const) {
    const name = decodeNetbiosName(bytes, dataAt);
    if (!name.ok) {
      problems.push(`${which} name: ${name.reason}`);
      return;
    }
    datagram[`${which}Name`] = name.value;
    dataAt += name.length;
  }
  // Trust the bytes that arrived, up to DGM_LENGTH: trailing padding beyond it is not user data.
  const declaredEnd = DIRECT_HEADER_LENGTH + datagram.length;
  const end = declaredEnd >= dataAt && declaredEnd < bytes.length ? declaredEnd : bytes.length;
  datagram.userData = bytes.subarray(dataAt, end);
}

export function parseIpv4(text: string): Uint8Array {
  const parts = text.split('.');
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  if (bytes.length !== 4 || bytes.some((b) => !(b >= 0 && b <= 255))) throw new Error(`"${text}" is not an IPv4 address`);
  return Uint8Array.from(bytes);
}
