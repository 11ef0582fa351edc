/** The payload forms Send Message offers, as plain data, and the bytes each one means. */
import { readRegularFileAsync } from '../../files/regular-file';
import * as vscode from 'vscode';
import { parseHex } from '../../core/hex';
import { encodeStruct, type StructRegistry } from '../../decode/index';
import { errorMessage } from '../../core/error-message';

export type PayloadSpec =
  | { form: 'text'; text: string }
  | { form: 'utf16'; text: string }
  | { form: 'hex'; hex: string }
  | { form: 'file'; path: string }
  /** A C struct by name, fields as `slotpipe send --set` takes them (unset fields zero, the magic filled in). */
  | { form: 'struct'; name: string; values: Record<string, string> };

export async function payloadBytes(spec: PayloadSpec, structs: StructRegistry): Promise<Uint8Array> {
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
        return parseHex(spec.hex);
      } catch (err) {
        throw new Error(vscode.l10n.t('payload hex: {0}', errorMessage(err)));
      }
    case 'file':
      try {
        return await readRegularFileAsync(spec.path);
      } catch (err) {
        throw new Error(vscode.l10n.t('payload file {0}: {1}', spec.path, errorMessage(err)));
      }
    case 'struct': {
      const layout = structs.get(spec.name);
      if (!layout) throw new Error(vscode.l10n.t('payload: no struct named {0}; known: {1}', spec.name, structs.names().join(', ')));
      return encodeStruct(layout, spec.values);
    }
  }
}

/** Reads a spec handed to the command by a caller (a keybinding or a test), naming what is wrong. */
export function checkPayloadSpec(value: unknown): PayloadSpec {
  if (typeof value === 'string') return { form: 'text', text: value };
  if (typeof value !== 'object' || value === null) throw new Error(vscode.l10n.t('payload: expected text or an object with a "form"'));
  const spec = value as Record<string, unknown>;
  const text = (key: string) => {
    if (typeof spec[key] !== 'string') throw new Error(vscode.l10n.t('payload ({0}): "{1}" must be a string', String(spec.form), key));
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
    case 'struct': {
      const values = spec.values ?? {};
      if (typeof values !== 'object' || values === null || Object.values(values).some((v) => typeof v !== 'string')) {
        throw new Error(vscode.l10n.t('payload (struct): "values" must map field names to text, e.g. {0}', '{"port": "5150"}'));
      }
      return { form: 'struct', name: text('name'), values: values as Record<string, string> };
    }
    default:
      throw new Error(vscode.l10n.t('payload: unknown form {0} (text, utf16, hex, file, struct)', String(JSON.stringify(spec.form))));
  }
}
