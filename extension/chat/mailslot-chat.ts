/**
 * The mailslot conference of the first seed article ("CB"): everyone runs the same program, which reads
 * `\\.\mailslot\NAME` and sends each typed line to `\\*\mailslot\NAME` (or a domain, or only this
 * computer). On Windows through the mailslot itself, which carries no sender, so each line goes out as
 * `name: text`; off Windows (or with NetBIOS) as broadcast datagrams, whose source name says who sent it.
 * A line of our own that comes back (a broadcast reaches its sender too) is not shown a second time.
 */
import type { Sender, Watcher, WatcherEvent } from '../core/backend';
import { parseEndpoint, type Endpoint } from '../core/endpoint';
import type { RawMessage } from '../core/message';
import { toHex } from '../core/hex';
import { escapeText } from '../core/escape';
import { createWatcher, openSender } from '../backends';

export interface ChatOptions {
  /** Where lines go: `\\*\mailslot\NAME`, `\\DOMAIN\mailslot\NAME` or `\\.\mailslot\NAME`. */
  endpoint: Endpoint;
  /** Send and watch NetBIOS datagrams (always off Windows). */
  netbios?: boolean;
  /** Broadcast (or unicast) address of the datagrams; default the subnet's broadcast address. */
  to?: string;
  /** UDP port of the datagrams (default 138). */
  port?: number;
  /** Our name: the NetBIOS source name, or the `name:` of each line on Windows. Default: this computer's NetBIOS name. */
  name?: string;
  platform?: NodeJS.Platform;
}

export interface ChatLine {
  time: number;
  from: string;
  text: string;
}

export interface ChatListener {
  line(line: ChatLine): void;
  event(event: WatcherEvent): void;
  /** Every message the chat received, its own echoes included (for the traffic log). */
  messages?(batch: RawMessage[]): void;
}

export interface ChatCounts {
  sent: number;
  shown: number;
  /** Our own lines that came back and were not shown again. */
  own: number;
}

export interface MailslotChat {
  /** Who we are in the chat. */
  readonly name: string;
  readonly counts: ChatCounts;
  /** How the chat travels, for a status line. */
  readonly description: string;
  say(text: string): Promise<void>;
  close(): Promise<void>;
}

/** How long a line we sent may take to come back to us (a broadcast is delivered at once, or not at all). */
const OWN_ECHO_MS = 10_000;
/** The `name: text` convention of a line without a sender of its own. */
const NAMED_LINE = /^([^:\r\n]{1,32}): ([\s\S]*)$/;

export async function openMailslotChat(options: ChatOptions, listener: ChatListener): Promise<MailslotChat> {
  const { endpoint } = options;
  // Loaded here, not at activation: the NetBIOS code is only needed once someone chats.
  const name = options.name ?? (await import('../netbios/index')).defaultNetbiosName();
  if (endpoint.kind !== 'mailslot') throw new Error(`a chat runs on a mailslot; ${endpoint.path} is a pipe`);
  const netbios = options.netbios || (options.platform ?? process.platform) !== 'win32';
  const local = parseEndpoint(`\\\\.\\mailslot\\${endpoint.name}`);
  const counts: ChatCounts = { sent: 0, shown: 0, own: 0 };
  const pending: { key: string; until: number }[] = [];

  const ownEcho = (message: RawMessage): boolean => {
    if (netbios && message.peer?.name !== undefined && sourceName(message.peer.name) !== name.toUpperCase()) return false;
    const key = toHex(message.bytes);
    const now = Date.now();
    while (pending.length && pending[0].until < now) pending.shift();
    const at = pending.findIndex((p) => p.key === key);
    if (at < 0) return false;
    pending.splice(at, 1);
    return true;
  };

  const watcher: Watcher = await createWatcher(
    { endpoint: local, ...(netbios ? { netbios: { port: options.port } } : {}) },
    {
      messages(batch) {
        listener.messages?.(batch);
        for (const message of batch) {
          if (ownEcho(message)) {
            counts.own++;
            continue;
          }
          counts.shown++;
          listener.line(lineOf(message));
        }
      },
      event: (event) => listener.event(event),
    },
    { netbios },
  );
  await watcher.start();
  const open = () => openSender(endpoint, { netbios: { port: options.port, to: options.to, name } }, { netbios });
  // A datagram sender keeps its socket. A mailslot is opened for each line and closed again: a writer that
  // holds it open makes the seed's writers (CreateFile with FILE_SHARE_READ only) fail with a sharing violation.
  let sender: Sender | undefined;
  try {
    sender = netbios ? await open() : undefined;
  } catch (err) {
    await watcher.stop();
    throw err;
  }
  const sendLine = async (bytes: Uint8Array) => {
    if (sender) return sender.send(bytes);
    const once = await open();
    try {
      await once.send(bytes);
    } finally {
      await once.close();
    }
  };
  const target = sender && 'target' in sender ? (sender as { target: { address: string; port: number } }).target : undefined;
  return {
    name,
    counts,
    description: netbios
      ? `NetBIOS datagrams as ${name.toUpperCase()} to ${target ? `${target.address}:${target.port}` : endpoint.path}`
      : `${local.path}, sending to ${endpoint.path} as "${name}: …"`,
    async say(text: string) {
      // Without a sender in the message (Windows), the line carries its own name.
      const bytes = new TextEncoder().encode(netbios ? text : `${name}: ${text}`);
      pending.push({ key: toHex(bytes), until: Date.now() + OWN_ECHO_MS });
      await sendLine(bytes);
      counts.sent++;
    },
    async close() {
      await sender?.close();
      await watcher.stop();
    },
  };
}

/** A received line: its sender from the datagram's source name, or from the `name: text` convention. */
export function lineOf(message: RawMessage): ChatLine {
  let text = new TextDecoder('utf-8', { fatal: false }).decode(message.bytes).replace(/\0+$/, '').replace(/\r?\n$/, '');
  let from = message.peer?.name !== undefined ? sourceName(message.peer.name) : undefined;
  if (from === undefined) {
    const named = NAMED_LINE.exec(text);
    from = named ? named[1] : '?';
    if (named) text = named[2];
  }
  // Control characters are shown, never obeyed: anyone on the network can send a line.
  return { time: message.time, from: escapeText(from, true), text: escapeText(text, true) };
}

/** `ALICE<00>` → `ALICE`. */
function sourceName(netbiosName: string): string {
  return netbiosName.replace(/<[0-9a-f]{2}>$/i, '').trim().toUpperCase();
}
