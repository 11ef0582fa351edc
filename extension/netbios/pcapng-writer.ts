/**
 * Exports network-origin traffic as pcapng: one section, one raw-IPv4 interface (link type 101) and an
 * enhanced packet block per message that carries its wire bytes (the IPv4 packet). Messages without
 * them are not network traffic and are left out. Pure.
 */
import { concatBytes } from '../core/bytes';
import type { TrafficMessage } from '../core/message';
import { MessageFlag } from '../core/message';
import { LinkType } from './link-layer';

const SHB = 0x0a0d0d0a;
const IDB = 1;
const EPB = 6;
const OPT_COMMENT = 1;
const OPT_SHB_USERAPPL = 4;

/** True for messages the export includes. */
export function isExportable(message: TrafficMessage): boolean {
  return (message.flags & MessageFlag.network) !== 0 && message.wire !== undefined && message.wire.length > 0;
}

export function writePcapng(messages: readonly TrafficMessage[]): Uint8Array {
  const blocks: Uint8Array[] = [sectionHeader(), interfaceDescription()];
  for (const message of messages) {
    if (isExportable(message)) blocks.push(enhancedPacket(message));
  }
  return concatBytes(blocks);
}

function sectionHeader(): Uint8Array {
  const options = encodeOptions([[OPT_SHB_USERAPPL, utf8('Slotpipe')]]);
  return block(SHB, 16 + options.length, (view, body) => {
    view.setUint32(0, 0x1a2b3c4d, true);
    view.setUint16(4, 1, true);
    view.setUint16(6, 0, true);
    view.setBigInt64(8, -1n, true); // section length unknown
    body.set(options, 16);
  });
}

function interfaceDescription(): Uint8Array {
  return block(IDB, 8, (view) => {
    view.setUint16(0, LinkType.raw, true);
    view.setUint32(4, 0, true); // no snap length limit
  });
}

function enhancedPacket(message: TrafficMessage): Uint8Array {
  const wire = message.wire as Uint8Array;
  const padded = wire.length + ((4 - (wire.length % 4)) % 4);
  const comment = `Slotpipe seq ${message.seq} ${message.direction} ${message.endpoint}`;
  const options = encodeOptions([[OPT_COMMENT, utf8(comment)]]);
  const micros = Math.max(0, Math.round(message.time * 1000));
  return block(EPB, 20 + padded + options.length, (view, body) => {
    view.setUint32(0, 0, true);
    view.setUint32(4, Math.floor(micros / 2 ** 32), true);
    view.setUint32(8, micros % 2 ** 32, true);
    view.setUint32(12, wire.length, true);
    view.setUint32(16, wire.length, true);
    body.set(wire, 20);
    body.set(options, 20 + padded);
  });
}

function block(type: number, bodyLength: number, fill: (view: DataView, body: Uint8Array) => void): Uint8Array {
  const total = 12 + bodyLength;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, total, true);
  const body = out.subarray(8, 8 + bodyLength);
  fill(new DataView(out.buffer, 8, bodyLength), body);
  view.setUint32(total - 4, total, true);
  return out;
}

function encodeOptions(options: [number, Uint8Array][]): Uint8Array {
  const size = options.reduce((n, [, v]) => n + 4 + v.length + ((4 - (v.length % 4)) % 4), 0) + 4;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const [code, value] of options) {
    view.setUint16(at, code, true);
    view.setUint16(at + 2, value.length, true);
    out.set(value, at + 4);
    at += 4 + value.length + ((4 - (value.length % 4)) % 4);
  }
  return out; // ends with opt_endofopt (zeros)
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
