/** The payload forms Send Message offers, as plain data, and the bytes each one means. */
import fs from 'node:fs/promises';
import { hexToBytes } from '../../capture/hex-text';
import { writeAnnouncement } from '../../watchers/server-announcements';

export type PayloadSpec =
  | { form: 'text'; text: string }
  | { form: 'utf16'; text: string }
  | { form: 'hex'; hex: string }
  | { form: 'file'; path: string }
  | { form: 'announcement'; ipStr: string; port: number };

export async function payloadBytes(spec: PayloadSpec): Promise<Uint8Array> {
  switch (spec.form) {
    case 'text':
      return new TextEncoder().encode(spec.text);
    case 'utf16': {
      const bytes = new Uint8Array(spec.text.length * 2);
      const view = new DataView(bytes.buffer);
      for (let i = 0; i < spec.text.length; i++) view.setUint16(i * 2, spec.text.charCodeAt(i), true);
      return bytes;
    }
    case 'hex':
      try {
        return hexToBytes(spec.hex);
      } catch (err) {
        throw new Error(`payload hex: ${(err as Error).message}`);
      }
    case 'file':
      try {
        return new Uint8Array(await fs.readFile(spec.path));
      } catch (err) {
        throw new Error(`payload file ${spec.path}: ${(err as Error).message}`);
      }
    case 'announcement': {
      if (!Number.isInteger(spec.port) || spec.port < 0 || spec.port > 0xffffffff) throw new Error(`port must be a whole number, got ${spec.port}`);
      if (spec.ipStr.length > 19) throw new Error(`ipStr holds at most 19 characters, got ${spec.ipStr.length}`);
      return writeAnnouncement(spec.ipStr, spec.port);
    }
  }
}

/** Reads a spec handed to the command by a caller (a keybinding or a test), naming what is wrong. */
export function checkPayloadSpec(value: unknown): PayloadSpec {
  if (typeof value === 'string') return { form: 'text', text: value };
  if (typeof value !== 'object' || value === null) throw new Error('payload: expected text or an object with a "form"');
  const spec = value as Record<string, unknown>;
  const text = (key: string) => {
    if (typeof spec[key] !== 'string') throw new Error(`payload (${String(spec.form)}): "${key}" must be a string`);
    return spec[key] as string;
  };
  switch (spec.form) {
    case 'text':
    case 'utf16':
      return { form: spec.form, text: text('text') };
    case 'hex':
      return { form: 'hex', hex: text('hex') };
    case 'file':
      return { form: 'file', path: text('path') };
    case 'announcement':
      if (typeof spec.port !== 'number') throw new Error('payload (announcement): "port" must be a number');
      return { form: 'announcement', ipStr: text('ipStr'), port: spec.port };
    default:
      throw new Error(`payload: unknown form ${JSON.stringify(spec.form)} (text, utf16, hex, file, announcement)`);
  }
}
