/**
 * The `decoded` field of a capture line: the fields of a known struct (MS_MESSAGE-style
 * announcements), else the text when the bytes read as text, else nothing (the hex says it all).
 */
import type { TrafficMessage } from '../core/message';
import { readAnnouncement } from '../watchers/server-announcements';

export function describeMessage(message: TrafficMessage): unknown {
  const announcement = readAnnouncement(message.bytes);
  if (announcement) {
    return { struct: 'MS_MESSAGE', fields: { msg_id: '0xaabbccdd', ipStr: announcement.ipText, ip: announcement.ip, port: announcement.port } };
  }
  const text = readableText(message.bytes);
  return text === undefined ? undefined : { text };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf16 = new TextDecoder('utf-16le', { fatal: true });

/** UTF-8, or UTF-16LE when every other byte is zero; undefined for binary data. */
function readableText(bytes: Uint8Array): string | undefined {
  if (!bytes.length) return '';
  const candidates: string[] = [];
  try {
    candidates.push(utf8.decode(bytes));
  } catch {
    // not UTF-8
  }
  if (bytes.length % 2 === 0 && bytes.length >= 2 && bytes[1] === 0) {
    try {
      candidates.push(utf16.decode(bytes));
    } catch {
      // not UTF-16
    }
  }
  const printable = candidates.find((text) => !/[\x00-\x08\x0e-\x1f\x7f]/.test(text.replace(/\0+$/, '')));
  return printable?.replace(/\0+$/, '');
}
