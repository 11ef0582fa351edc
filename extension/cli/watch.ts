/** `slotpipe watch`: creates the endpoint (mailslot or pipe server) and prints every message. */
import type { WatcherEvent, WatchOptions } from '../core/backend';
import { createWatcher } from '../backends';
import { integerOption, oneOf, parse } from './args';
import type { Command } from './command';
import { backendChoice, endpointArgument, netbiosOptions, pairsOption, portOption, printOptions, printSettings } from './endpoint-options';
import { describePeer, TrafficPrinter } from './printer';

const usage = `Usage: slotpipe watch <endpoint> [options]

Creates the mailslot, or serves the pipe, and prints each message as it arrives.
On Linux and macOS a mailslot is watched as NetBIOS datagrams (UDP) and a pipe as a Unix socket.

Options:
  --decode auto|text|utf16|ansi|hex|struct:NAME   how to show each message (default auto)
  --header FILE          a C header with struct definitions (repeatable)
  --count N              exit 0 after N messages (with --pairs: N pairs)
  --json                 one JSON object per line: seq, time, endpoint, direction, size, hex, text, ...
  --pairs                print each request with its reply and the round-trip time instead of messages
                         (a request: a run of messages one way; its reply: the first message back);
                         with --json: conversation, peer, request, reply, rttMs (reply null if none came)
  --max-message-size N   mailslot: largest message accepted (default 0 = any)
  --read-timeout MS      mailslot: how long one read waits (default 200; at most 250 is used per wait)
  --pipe-mode message|byte          pipe: default message
  --direction inbound|outbound|duplex   pipe: as seen from this server (default duplex)
  --max-instances N      pipe: clients at once (default unlimited)
  --allow-remote         pipe: accept clients from other computers (refused by default)
  --pipe-security SDDL   pipe: who may connect (default "D:P(A;;GA;;;SY)(A;;GA;;;{user})": you and SYSTEM)
  --proxy-to PIPE        pipe: relay each client to the real server on PIPE and show both directions
                         (start the real server under PIPE, e.g. \\\\.\\pipe\\ssnp-real, and watch its public name)
  --netbios              watch mailslot datagrams on the network even on Windows
  --port N               NetBIOS datagram port (default 138)
  --bind ADDRESS         NetBIOS: local address to listen on (default all)`;

export const watchCommand: Command = {
  name: 'watch',
  summary: 'create a mailslot or serve a pipe and print what arrives',
  usage,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      ...printOptions,
      ...pairsOption,
      ...netbiosOptions,
      count: { type: 'string' },
      'max-message-size': { type: 'string' },
      'read-timeout': { type: 'string' },
      'pipe-mode': { type: 'string' },
      direction: { type: 'string' },
      'max-instances': { type: 'string' },
      'allow-remote': { type: 'boolean' },
      'pipe-security': { type: 'string' },
      'proxy-to': { type: 'string' },
      bind: { type: 'string' },
    }, 'watch');
    const endpoint = endpointArgument(positionals, 'watch');
    const count = integerOption(values.count, 'count', 1);
    const print = printSettings(values);
    const options: WatchOptions = {
      endpoint,
      maxMessageSize: integerOption(values['max-message-size'], 'max-message-size', 0, 0x7fffffff),
      readTimeout: integerOption(values['read-timeout'], 'read-timeout', 0, 0xfffffffe),
      pipeMode: oneOf(values['pipe-mode'], 'pipe-mode', ['message', 'byte'] as const),
      direction: oneOf(values.direction, 'direction', ['inbound', 'outbound', 'duplex'] as const),
      maxInstances: integerOption(values['max-instances'], 'max-instances', 1, 255),
      allowRemoteClients: values['allow-remote'],
      pipeSecurity: values['pipe-security'],
      proxyTo: values['proxy-to'] === undefined ? undefined : endpointArgument([values['proxy-to']], 'watch --proxy-to', 'pipe'),
      netbios: { port: portOption(values.port), bind: values.bind },
    };

    let finish: (code: number) => void = () => {};
    const done = new Promise<number>((resolve) => (finish = resolve));
    const printer = new TrafficPrinter(endpoint.path, print, { count, reached: () => finish(0) });
    const watcher = await createWatcher(options, {
      messages: (batch) => printer.messages(batch),
      event(event) {
        console.error(describeEvent(endpoint.path, event));
        const roundTrips = printer.event(event);
        if (roundTrips) console.error(roundTrips);
        if (event.type === 'error' && event.fatal) finish(1);
        if (event.type === 'stopped') finish(1);
      },
    }, backendChoice(values));
    await watcher.start();
    const interrupt = () => finish(0);
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
    const code = await done;
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await watcher.stop();
    printer.close();
    return code;
  },
};

function describeEvent(path: string, event: WatcherEvent): string {
  switch (event.type) {
    case 'listening':
      return `watching ${path}${event.detail ? ` (${event.detail})` : ''}`;
    case 'connected':
      return `client ${describePeer(event.peer)} connected`;
    case 'disconnected':
      return `client ${describePeer(event.peer)} disconnected${event.reason ? `: ${event.reason}` : ''}`;
    case 'error':
      return `${event.fatal ? 'error' : 'warning'}: ${event.message}`;
    case 'stopped':
      return `stopped watching ${path}`;
  }
}
