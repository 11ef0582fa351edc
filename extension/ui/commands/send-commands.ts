/**
 * Send Message: pick an endpoint (configured watchers, recent names, or typed), a payload form
 * (text, UTF-16, hex, file, or a C struct field by field with its magic pre-filled), once or every N
 * seconds. Callers may pass everything as one object to skip the questions.
 */
import * as vscode from 'vscode';
import { parseEndpoint } from '../../core/endpoint';
import type { NetbiosSendOptions } from '../../core/backend';
import { parseHex } from '../../core/hex';
import { encodeStruct, formFields, overlapsFilled, type StructLayout, type StructRegistry } from '../../decode/index';
import { checkPayloadSpec, payloadBytes, type PayloadSpec } from '../send/payload';
import { STOP_REPEAT_COMMAND, type RepeatSender } from '../send/repeat-sender';
import type { MessageSender } from '../send/message-sender';
import type { WatcherItem } from '../sidebar/watchers-tree';
import { requireTrustToSend } from '../workspace-trust';
import { watcherStateLabel } from '../watcher-labels';
import type { CommandContext } from './command-context';
import { registerCommand } from './register-command';
import { errorMessage } from '../../core/error-message';

export interface SendRequest {
  endpoint: string;
  payload: PayloadSpec | string;
  /** Send again every this many seconds until stopped. */
  repeatSeconds?: number;
  netbios?: NetbiosSendOptions;
}

export function registerSendCommands(ctx: CommandContext, sender: MessageSender, repeater: RepeatSender): vscode.Disposable[] {
  const output = ctx.services.output;
  return [
    registerCommand(output, 'slotpipe.sendMessage', async (arg?: WatcherItem | string | SendRequest) => {
      requireTrustToSend();
      const request = isRequest(arg) ? arg : await askRequest(ctx, typeof arg === 'string' ? arg : arg?.status.endpoint);
      if (!request) return undefined;
      const bytes = await payloadBytes(checkPayloadSpec(request.payload), ctx.services.structRegistry());
      const target = { endpoint: parseEndpoint(request.endpoint, 'mailslot').path, netbios: request.netbios };
      if (request.repeatSeconds) await repeater.start(target, bytes, request.repeatSeconds);
      else await sender.send(target, bytes);
      await ctx.recent.remember(target.endpoint);
      output.info(`sent ${bytes.length} bytes to ${target.endpoint}${request.repeatSeconds ? ` (every ${request.repeatSeconds} s)` : ''}`);
      return { endpoint: target.endpoint, size: bytes.length };
    }),
    registerCommand(output, STOP_REPEAT_COMMAND, (endpoint?: string) => repeater.stop(endpoint)),
  ];
}

function isRequest(arg: unknown): arg is SendRequest {
  return typeof arg === 'object' && arg !== null && 'endpoint' in arg && 'payload' in arg;
}

async function askRequest(ctx: CommandContext, preset?: string): Promise<SendRequest | undefined> {
  const endpoint = preset ?? (await pickEndpoint(ctx));
  if (!endpoint) return undefined;
  const payload = await askPayload(ctx.services.structRegistry());
  if (!payload) return undefined;
  const repeat = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Send once'), seconds: 0 },
      { label: vscode.l10n.t('Repeat every 1 second'), description: vscode.l10n.t('like a discovery server'), seconds: 1 },
      { label: vscode.l10n.t('Repeat every 5 seconds'), description: vscode.l10n.t('like a broadcaster'), seconds: 5 },
      { label: vscode.l10n.t('Repeat every N seconds…'), seconds: -1 },
    ],
    { title: vscode.l10n.t('Slotpipe: Send Message — how often'), ignoreFocusOut: true },
  );
  if (!repeat) return undefined;
  let repeatSeconds = repeat.seconds;
  if (repeatSeconds < 0) {
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Slotpipe: Send Message — repeat interval'),
      prompt: vscode.l10n.t('Seconds between messages'),
      value: '2',
      validateInput: (v) => (Number(v) > 0 ? undefined : vscode.l10n.t('a number of seconds greater than 0')),
    });
    if (!typed) return undefined;
    repeatSeconds = Number(typed);
  }
  return { endpoint, payload, repeatSeconds: repeatSeconds || undefined };
}

async function pickEndpoint(ctx: CommandContext): Promise<string | undefined> {
  const watchers = ctx.manager.list().map((w) => ({ label: w.endpoint, description: vscode.l10n.t('watcher · {0}', watcherStateLabel(w.state)) }));
  const recent = ctx.recent.list()
    .filter((e) => !watchers.some((w) => w.label.toLowerCase() === e.toLowerCase()))
    .map((label) => ({ label, description: vscode.l10n.t('recent') }));
  const pick = vscode.window.createQuickPick();
  pick.title = vscode.l10n.t('Slotpipe: Send Message — to');
  pick.placeholder = vscode.l10n.t('Pick a watcher or recent name, or type {0}', '\\\\.\\mailslot\\name, \\\\*\\mailslot\\name, \\\\.\\pipe\\name');
  pick.ignoreFocusOut = true;
  const known = [...watchers, ...recent];
  pick.items = known;
  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    if (!typed || known.some((k) => k.label === typed)) {
      pick.items = known;
      return;
    }
    let description: string;
    try {
      description = vscode.l10n.t('send to {0}', parseEndpoint(typed, 'mailslot').path);
    } catch (err) {
      description = errorMessage(err);
    }
    pick.items = [{ label: typed, description, alwaysShow: true }, ...known];
  });
  const chosen = await new Promise<string | undefined>((resolve) => {
    pick.onDidAccept(() => {
      const value = pick.selectedItems[0]?.label ?? pick.value.trim();
      try {
        parseEndpoint(value, 'mailslot');
      } catch (err) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Slotpipe: {0}', errorMessage(err)));
        return;
      }
      resolve(value);
      pick.hide();
    });
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  return chosen;
}

async function askPayload(structs: StructRegistry): Promise<PayloadSpec | undefined> {
  const form = await vscode.window.showQuickPick(
    [
      { icon: '$(symbol-text)', name: vscode.l10n.t('Text'), description: 'UTF-8', form: 'text' as const },
      { icon: '$(symbol-text)', name: vscode.l10n.t('Text (UTF-16)'), description: vscode.l10n.t('UTF-16LE, as Windows wide strings'), form: 'utf16' as const },
      { icon: '$(symbol-numeric)', name: vscode.l10n.t('Hex bytes'), description: 'aa bb cc …', form: 'hex' as const },
      { icon: '$(file-binary)', name: vscode.l10n.t('File…'), description: vscode.l10n.t('the file\'s bytes'), form: 'file' as const },
      { icon: '$(symbol-structure)', name: vscode.l10n.t('Struct…'), description: vscode.l10n.t('a C struct field by field (MS_MESSAGE, or from slotpipe.headers)'), form: 'struct' as const },
    ].map((item) => ({ ...item, label: `${item.icon} ${item.name}` })),
    { title: vscode.l10n.t('Slotpipe: Send Message — payload'), ignoreFocusOut: true },
  );
  if (!form) return undefined;
  const ask = (prompt: string, value = '', validateInput?: (v: string) => string | undefined) =>
    vscode.window.showInputBox({ title: vscode.l10n.t('Slotpipe: Send Message — {0}', form.name), prompt, value, validateInput, ignoreFocusOut: true });
  switch (form.form) {
    case 'text':
    case 'utf16': {
      const text = await ask(vscode.l10n.t('Message text'));
      return text === undefined ? undefined : { form: form.form, text };
    }
    case 'hex': {
      const hex = await ask(vscode.l10n.t('Bytes in hex'), '', (v) => {
        try {
          parseHex(v);
          return undefined;
        } catch (err) {
          return errorMessage(err);
        }
      });
      return hex === undefined ? undefined : { form: 'hex', hex };
    }
    case 'file': {
      const picked = await vscode.window.showOpenDialog({ title: vscode.l10n.t('Slotpipe: Send Message — file'), canSelectMany: false });
      return picked?.[0] ? { form: 'file', path: picked[0].fsPath } : undefined;
    }
    case 'struct':
      return askStruct(structs);
  }
}

/**
 * The struct form: pick a struct, then one box per field (nested, bit fields, one member of each union:
 * decode/form-fields.ts); the magic field is filled in and not asked.
 */
async function askStruct(structs: StructRegistry): Promise<PayloadSpec | undefined> {
  const picked = await vscode.window.showQuickPick(
    structs.layoutsInOrder().map((layout) => ({
      label: layout.name,
      description: layout.magic
        ? vscode.l10n.t('{0} bytes, magic {1} = 0x{2}', layout.size, layout.magic.field, layout.magic.value.toString(16))
        : vscode.l10n.t('{0} bytes', layout.size),
      detail: layout.origin,
      layout,
    })),
    { title: vscode.l10n.t('Slotpipe: Send Message — struct'), ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  const layout: StructLayout = picked.layout;
  const values: Record<string, string> = {};
  /** Union → the member filled in: the union's other members overlap it and are not asked. */
  const filled = new Map<string, string>();
  for (const field of formFields(layout)) {
    if (layout.magic?.field === field.path || overlapsFilled(field, filled)) continue;
    const where = field.bit === undefined ? String(field.offset) : `${field.offset}.${field.bit}`;
    const about = vscode.l10n.t('{0} ({1}, offset {2})', field.path, field.type, where) + (field.comment ? ` // ${field.comment}` : '');
    const prompt = layout.magic
      ? vscode.l10n.t('{0}; empty = 0 — {1} is pre-filled with 0x{2}', about, layout.magic.field, layout.magic.value.toString(16))
      : vscode.l10n.t('{0}; empty = 0', about);
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('Slotpipe: Send Message — {0}', layout.name),
      prompt,
      value: defaultFieldValue(field.path),
      ignoreFocusOut: true,
      validateInput: (text) => {
        if (text === '') return undefined;
        try {
          encodeStruct(layout, { [field.path]: text });
          return undefined;
        } catch (err) {
          return errorMessage(err);
        }
      },
    });
    if (value === undefined) return undefined;
    if (value === '') continue;
    values[field.path] = value;
    for (const u of field.unions) filled.set(u.union, u.member);
  }
  return { form: 'struct', name: layout.name, values };
}

/** Sensible starting values for the fields of the classic discovery message. */
function defaultFieldValue(name: string): string {
  if (/^ip(str)?$/i.test(name)) return '127.0.0.1';
  if (/port/i.test(name)) return '5150';
  return '';
}
