/** How `slotpipe watch`, `send` and `connect` print messages: one line of text, or one JSON object per line. */
import type { Peer, TrafficMessage } from '../core/message';
import { MessageFlag } from '../core/message';
import { decode, type DecoderChoice, type StructRegistry } from '../decode/index';
import { toHex } from '../core/hex';

export interface PrintOptions {
  json: boolean;
  decoder: DecoderChoice;
  registry: StructRegistry;
}

export function formatMessage(message: TrafficMessage, options: PrintOptions): string {
  const view = decode(message.bytes, options.decoder, options.registry);
  if (options.json) {
    return JSON.stringify({
      seq: message.seq,
      time: new Date(message.time).toISOString(),
      endpoint: message.endpoint,
      direction: message.direction,
      size: message.bytes.length,
      peer: message.peer,
      flags: flagNames(message.flags),
      hex: toHex(message.bytes),
      text: textOf(message.bytes),
      decoder: view.decoder,
      reason: view.reason,
      ...(view.fields ? { fields: view.fields } : {}),
      ...(view.problems.length ? { problems: view.problems } : {}),
    });
  }
  const time = new Date(message.time).toISOString().slice(11, 23);
  const peer = message.peer ? describePeer(message.peer) : '';
  const flags = flagNames(message.flags);
  return `#${message.seq} ${time} ${message.direction === 'in' ? '<-' : '->'} ${message.endpoint}${peer ? ` [${peer}]` : ''} ${message.bytes.length} B${flags.length ? ` (${flags.join(', ')})` : ''}  ${view.summary}`;
}

export function describePeer(peer: Peer): string {
  const parts = [peer.connection !== undefined ? `#${peer.connection}` : undefined, peer.name, peer.address, peer.pid !== undefined ? `pid ${peer.pid}` : undefined, peer.image];
  return parts.filter(Boolean).join(' ');
}

function flagNames(flags: number): string[] {
  return Object.entries(MessageFlag).filter(([, bit]) => flags & bit).map(([name]) => name);
}


/** The bytes as UTF-8 (invalid sequences replaced, the C string's trailing NUL left out), so scripts can grep. */
function textOf(bytes: Uint8Array): string {
  const end = bytes.length && bytes[bytes.length - 1] === 0 ? bytes.length - 1 : bytes.length;
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, end));
}
