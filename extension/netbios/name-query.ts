/**
 * The NetBIOS name query of the Name Service (RFC 1002 §4.2.12-4.2.14, UDP 137): the request that asks
 * "who has NAME<00>?" and the positive or negative response with the addresses. Pure.
 */
import { decodeNetbiosName, encodeNetbiosName, type NetbiosName } from './netbios-name';

const FLAG_RESPONSE = 0x8000;
const FLAG_RECURSION_DESIRED = 0x0100;
const FLAG_BROADCAST = 0x0010;
const OPCODE_MASK = 0x7800;
const RCODE_MASK = 0x000f;
const TYPE_NB = 0x0020;
const CLASS_IN = 0x0001;

export function encodeNameQuery(id: number, name: NetbiosName, broadcast: boolean): Uint8Array {
  const encoded = encodeNetbiosName(name);
  const out = new Uint8Array(12 + encoded.length + 4);
  const view = new DataView(out.buffer);
  view.setUint16(0, id & 0xffff);
  view.setUint16(2, FLAG_RECURSION_DESIRED | (broadcast ? FLAG_BROADCAST : 0));
  view.setUint16(4, 1); // QDCOUNT
  out.set(encoded, 12);
  view.setUint16(12 + encoded.length, TYPE_NB);
  view.setUint16(14 + encoded.length, CLASS_IN);
  return out;
}

export type NameQueryResponse =
  | { ok: true; id: number; name: NetbiosName; addresses: { address: string; group: boolean }[] }
  | { ok: false; id: number; reason: string };

/** Reads a name query response; `undefined` when the packet is not one (a request, another opcode). */
export function decodeNameQueryResponse(bytes: Uint8Array): NameQueryResponse | undefined {
  if (bytes.length < 12) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const id = view.getUint16(0);
  const flags = view.getUint16(2);
  if (!(flags & FLAG_RESPONSE) || (flags & OPCODE_MASK) !== 0) return undefined;
  const rcode = flags & RCODE_MASK;
  if (rcode !== 0) return { ok: false, id, reason: `the name server answered with error ${rcode} (${rcode === 3 ? 'name not found' : 'refused or failed'})` };
  if (view.getUint16(6) < 1) return { ok: false, id, reason: 'the response has no answer record' };
  // RFC 1002 responses carry no question, but some servers repeat it (and then point back to it).
  let answerAt = 12;
  for (let q = view.getUint16(4); q > 0; q--) {
    const question = decodeNetbiosName(bytes, answerAt, true);
    if (!question.ok) return { ok: false, id, reason: `the repeated question is unreadable: ${question.reason}` };
    answerAt += question.length + 4;
  }
  const name = decodeNetbiosName(bytes, answerAt, true);
  if (!name.ok) return { ok: false, id, reason: `the answer's name is unreadable: ${name.reason}` };
  let at = answerAt + name.length;
  if (at + 10 > bytes.length) return { ok: false, id, reason: 'the answer record is cut off' };
  const type = view.getUint16(at);
  const length = view.getUint16(at + 8);
  at += 10;
  if (type !== TYPE_NB) return { ok: false, id, reason: `the answer has record type 0x${type.toString(16)}, not NB (0x20)` };
  if (at + length > bytes.length || length % 6 !== 0) return { ok: false, id, reason: `the answer's address data (${length} bytes) is cut off or not a multiple of 6` };
  const addresses: { address: string; group: boolean }[] = [];
  for (let i = at; i < at + length; i += 6) {
    addresses.push({ group: (view.getUint16(i) & 0x8000) !== 0, address: `${bytes[i + 2]}.${bytes[i + 3]}.${bytes[i + 4]}.${bytes[i + 5]}` });
  }
  return { ok: true, id, name: name.value, addresses };
}
