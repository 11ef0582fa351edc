/** `slotpipe watch`: creates the endpoint (mailslot or pipe server) and prints every message. */
import type { WatchOptions } from '../core/backend';
import { createWatcher } from '../backends';
import { parseEndpoint } from '../core/endpoint';
import { describeEvent } from '../core/event-text';
import { NETBIOS_WATCH_OPTIONS, WATCHER_OPTIONS, type NetbiosWatchValues, type WatcherOptionValues } from '../core/watcher-options';
import { integerOption, parse } from './args';
import type { Command } from './command';
import { backendChoice, endpointArgument, netbiosOptions, pairsOption, printOptions, printSettings } from './endpoint-options';
import { TrafficPrinter } from './printer';
import { flagHelp, flagOptions, flagValues } from './watcher-flags';

const usage = `Usage: slotpipe watch <endpoint> [options]

Creates the mailslot, or serves the pipe, and prints each message as it arrives.
On Linux and macOS a mailslot is watched as NetBIOS datagrams (UDP) and a pipe as a Unix socket.

Options:
  --decode auto|text|utf16|ansi|hex|struct:NAME   how to show each message (default auto)
  --header FILE          a C header with struct definitions (repeatable)
  --include-dir DIR      where #include "x.h" in a header is looked for (repeatable)
  --define NAME[=VALUE]  a macro defined before the headers, as the compiler's /D (e.g. UNICODE; repeatable)
  --count N              exit 0 after N messages (with --pairs: N pairs)
  --json                 one JSON object per line: seq, time, endpoint, direction, size, hex, text, ...
  --pairs                print each request with its reply and the round-trip time instead of messages
                         (a request: a run of messages one way; its reply: the first message back);
                         with --json: conversation, peer, request, reply, rttMs (reply null if none came)
${flagHelp(WATCHER_OPTIONS)}
  --netbios              watch mailslot datagrams on the network even on Windows
${flagHelp(NETBIOS_WATCH_OPTIONS)}`;

export const watchCommand: Command = {
  name: 'watch',
  summary: 'create a mailslot or serve a pipe and print what arrives',
  usage,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      ...printOptions,
      ...pairsOption,
      ...netbiosOptions,
      ...flagOptions(WATCHER_OPTIONS),
      ...flagOptions(NETBIOS_WATCH_OPTIONS),
      count: { type: 'string' },
    }, 'watch');
    const endpoint = endpointArgument(positionals, 'watch');
    const count = integerOption(values.count, 'count', 1);
    const print = printSettings(values);
    // --arch chose the layouts for printing (printSettings); the backend has no use for it.
    const { proxyTo, arch: _arch, ...watch } = flagValues(WATCHER_OPTIONS, values) as WatcherOptionValues;
    const options: WatchOptions = {
      ...watch,
      endpoint,
      proxyTo: proxyTo === undefined ? undefined : parseEndpoint(proxyTo, 'pipe'),
      netbios: flagValues(NETBIOS_WATCH_OPTIONS, values) as NetbiosWatchValues,
    };

    let finish: (code: number) => void = () => {};
    let reportedFatal = false;
    const done = new Promise<number>((resolve) => (finish = resolve));
    const printer = new TrafficPrinter(endpoint.path, print, { count, reached: () => finish(0) });
    const watcher = await createWatcher(options, {
      messages: (batch) => printer.messages(batch),
      event(event) {
        console.error(describeEvent(endpoint.path, event));
        const roundTrips = printer.event(event);
        if (roundTrips) console.error(roundTrips);
        if (event.type === 'error' && event.fatal) {
          reportedFatal = true;
          finish(1);
        }
        if (event.type === 'stopped') finish(1);
      },
    }, backendChoice(values));
    try {
      await watcher.start();
    } catch (err) {
      // The watcher reported why as a fatal error event, printed above: once is enough.
      if (reportedFatal) return 1;
      throw err;
    }
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
