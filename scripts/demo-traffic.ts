/**
 * Demo traffic for `npm start`: MS_MESSAGE server announcements to a mailslot every second (and a
 * second server every 5 s), and a chatty pipe client that talks to a pipe every ~0.7 s, reconnecting
 * when the pipe is not there yet or goes away. Runs until killed.
 *   demo-traffic --mailslot \\.\mailslot\name [--port N] --pipe \\.\pipe\name
 * With --port the announcements are NetBIOS datagrams to that UDP port on 127.0.0.1 (any platform).
 */
import { parseEndpoint } from '../extension/core/endpoint';
import type { PipeClient } from '../extension/core/backend';
import { connectPipe, openSender } from '../extension/backends';
import { writeAnnouncement } from '../extension/watchers/server-announcements';

interface Options {
  mailslot: string;
  pipe: string;
  port?: number;
}

function parseArgs(argv: string[]): Options {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const mailslot = value('--mailslot');
  const pipe = value('--pipe');
  const port = value('--port');
  if (!mailslot || !pipe) throw new Error('usage: demo-traffic --mailslot \\\\.\\mailslot\\name [--port N] --pipe \\\\.\\pipe\\name');
  return { mailslot, pipe, port: port ? Number(port) : undefined };
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

const CHATTER = ['HELLO', 'status?', 'ping', 'GET /config', 'load 0.42', 'bye for now'];

async function chat(options: Options): Promise<void> {
  const endpoint = parseEndpoint(options.pipe);
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
    const line = `${CHATTER[count % CHATTER.length]} #${++count}`;
    client.send(new TextEncoder().encode(line)).catch(() => {
      client = undefined;
    });
  }, 700);
}

const options = parseArgs(process.argv.slice(2));
Promise.all([announce(options), chat(options)]).catch((err: unknown) => {
  console.error(`demo-traffic: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
