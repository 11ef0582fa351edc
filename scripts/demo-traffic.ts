/**
 * Demo traffic for `npm start`: MS_MESSAGE server announcements to a mailslot every second (and a
 * second server every 5 s), and a chatty pipe client that writes a CHAT_LINE (from the demo's header)
 * every ~0.7 s, reconnecting when the pipe is not there yet or goes away. Runs until killed.
 *   demo-traffic --mailslot \\.\mailslot\name [--port N] --pipe \\.\pipe\name --header chat_protocol.h
 * With --port the announcements are NetBIOS datagrams to that UDP port on 127.0.0.1 (any platform).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseEndpoint } from '../extension/core/endpoint';
import type { PipeClient } from '../extension/core/backend';
import { connectPipe, openSender } from '../extension/backends';
import { writeAnnouncement } from '../extension/watchers/server-announcements';
import { StructRegistry } from '../extension/decode/registry';
import { encodeStruct } from '../extension/decode/struct-encode';
import type { StructLayout } from '../extension/decode/layout';
import { errorMessage } from '../extension/core/error-message';

interface Options {
  mailslot: string;
  pipe: string;
  port?: number;
  header: string;
}

function parseArgs(argv: string[]): Options {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const mailslot = value('--mailslot');
  const pipe = value('--pipe');
  const port = value('--port');
  const header = value('--header');
  if (!mailslot || !pipe || !header) throw new Error('usage: demo-traffic --mailslot \\\\.\\mailslot\\name [--port N] --pipe \\\\.\\pipe\\name --header chat_protocol.h');
  return { mailslot, pipe, port: port ? Number(port) : undefined, header };
}

async function announce(options: Options): Promise<void> {
  const endpoint = parseEndpoint(options.mailslot);
  const netbios = options.port ? { port: options.port, to: '127.0.0.1' } : undefined;
  const sender = await openSender(endpoint, { netbios }, { netbios: netbios !== undefined });
  let tick = 0;
  setInterval(() => {
    const batch = [writeAnnouncement('127.0.0.1', 5150)];
    if (tick++ % 5 === 0) batch.push(writeAnnouncement('10.77.0.20', 7000));
    for (const bytes of batch) sender.send(bytes).catch((err: Error) => console.error(`demo: announcement not sent: ${err.message}`));
  }, 1000);
}

const CHATTER = [
  ['HELLO', 'CHAT_GREETING'], ['status?', 'CHAT_QUESTION'], ['ping', 'CHAT_QUESTION'],
  ['GET /config', 'CHAT_QUESTION'], ['load 0.42', 'CHAT_STATUS'], ['bye for now', 'CHAT_FAREWELL'],
];

/** CHAT_LINE as the demo's header lays it out. */
function chatLine(header: string): StructLayout {
  const registry = StructRegistry.withBuiltins();
  registry.addHeader(path.basename(header), fs.readFileSync(header, 'utf8'));
  const layout = registry.get('CHAT_LINE');
  if (!layout) throw new Error(`${header} does not define CHAT_LINE`);
  return layout;
}

async function chat(options: Options): Promise<void> {
  const endpoint = parseEndpoint(options.pipe);
  const layout = chatLine(options.header);
  let client: PipeClient | undefined;
  let waiting = false;
  let count = 0;
  const connect = async () => {
    try {
      client = await connectPipe(endpoint, { busyTimeout: 1000 }, {
        messages: () => undefined,
        event: (event) => {
          if (event.type === 'disconnected' || event.type === 'stopped' || (event.type === 'error' && event.fatal)) client = undefined;
        },
      });
      waiting = false;
      console.log(`demo: chatting with ${endpoint.path}`);
    } catch {
      if (!waiting) console.log(`demo: waiting for ${endpoint.path} (it starts with the workspace)`);
      waiting = true;
    }
  };
  setInterval(() => {
    if (!client) {
      void connect();
      return;
    }
    const [text, kind] = CHATTER[count % CHATTER.length];
    const line = encodeStruct(layout, { seq: String(++count), kind, text });
    client.send(line).catch(() => {
      client = undefined;
    });
  }, 700);
}

const options = parseArgs(process.argv.slice(2));
Promise.all([announce(options), chat(options)]).catch((err: unknown) => {
  console.error(`demo-traffic: ${errorMessage(err)}`);
  process.exit(1);
});
