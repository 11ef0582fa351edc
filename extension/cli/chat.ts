/** `slotpipe chat`: the mailslot conference — each stdin line goes to everyone, everyone else's lines are printed. */
import readline from 'node:readline';
import { EndpointError, parseEndpoint, type Endpoint } from '../core/endpoint';
import { openMailslotChat } from '../chat/mailslot-chat';
import { parse, UsageError } from './args';
import type { Command } from './command';
import { portOption } from './endpoint-options';
import { errorMessage } from '../core/error-message';

const usage = `Usage: slotpipe chat <mailslot> [--netbios] [--to ADDRESS] [--port N] [--name NAME]

The seed's mailslot conference: reads \\\\.\\mailslot\\NAME and sends each line typed (or read from stdin)
to everyone reading it; prints everyone else's lines as "NAME: text". End with Ctrl-D (or Ctrl-C).
  <mailslot>      \\\\*\\mailslot\\NAME: every computer of the domain (a bare NAME means this);
                  \\\\DOMAIN\\mailslot\\NAME: another domain; \\\\.\\mailslot\\NAME: this computer only
  --name NAME     who you are (default: this computer's name). On Windows each line is sent as
                  "NAME: text" (a mailslot message has no sender); as NetBIOS datagrams NAME is the
                  source name (at most 15 characters)
  --netbios       send and receive NetBIOS datagrams (UDP) even on Windows; always so elsewhere
  --to ADDRESS    NetBIOS: the broadcast address (default: this computer's subnet broadcast address)
  --port N        NetBIOS: the UDP port (default 138; below 1024 needs privileges)
Your own lines are not printed again when the broadcast brings them back.`;

export const chatCommand: Command = {
  name: 'chat',
  summary: 'mailslot conference: stdin lines to everyone, their lines printed',
  usage,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      netbios: { type: 'boolean' },
      to: { type: 'string' },
      port: { type: 'string' },
      name: { type: 'string' },
    }, 'chat');
    if (positionals.length !== 1) throw new UsageError('chat: name one mailslot, e.g. \\\\*\\mailslot\\cb');
    const endpoint = chatEndpoint(positionals[0]);
    if (values.to !== undefined && !/^\d{1,3}(\.\d{1,3}){3}$/.test(values.to)) throw new UsageError(`--to takes an IPv4 address, got "${values.to}"`);
    let finish: (code: number) => void = () => {};
    const done = new Promise<number>((resolve) => (finish = resolve));
    const chat = await openMailslotChat({ endpoint, netbios: values.netbios, to: values.to, port: portOption(values.port), name: values.name }, {
      line: (line) => console.log(`${line.from}: ${line.text}`),
      event(event) {
        if (event.type === 'error') console.error(`${event.fatal ? 'error' : 'warning'}: ${event.message}`);
        if ((event.type === 'error' && event.fatal) || event.type === 'stopped') finish(1);
      },
    });
    console.error(`chatting on ${endpoint.path} (${chat.description})`);
    const lines = readline.createInterface({ input: process.stdin, terminal: false });
    const interrupt = () => finish(0);
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
    void (async () => {
      for await (const line of lines) {
        if (line.trim() === '') continue;
        try {
          await chat.say(line);
        } catch (err) {
          console.error(`not sent: ${errorMessage(err)}`);
        }
      }
      // Lines of others still on their way are read for a moment after the last one of ours.
      setTimeout(() => finish(0), 500);
    })();
    const code = await done;
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    lines.close();
    await chat.close();
    const { sent, shown, own } = chat.counts;
    console.error(`chat ended: ${sent} line${sent === 1 ? '' : 's'} sent, ${shown} shown, ${own} of our own came back and ${own === 1 ? 'was' : 'were'} not shown again`);
    return code;
  },
};

function chatEndpoint(text: string): Endpoint {
  try {
    const endpoint = parseEndpoint(/^[\\/]{2}/.test(text) ? text : `\\\\*\\mailslot\\${text}`);
    if (endpoint.kind !== 'mailslot') throw new UsageError(`chat: ${endpoint.path} is a pipe; a chat runs on a mailslot`);
    return endpoint;
  } catch (err) {
    if (err instanceof EndpointError) throw new UsageError(err.message);
    throw err;
  }
}
