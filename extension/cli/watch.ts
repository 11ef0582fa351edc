/** `slotpipe watch`: creates the endpoint (mailslot or pipe server) and prints every message. */
import type { WatchOptions } from '../core/backend';
import { createWatcher, type BackendChoice } from '../backends';
import { parseEndpoint, watcherId } from '../core/endpoint';
import { describeEvent } from '../core/event-text';
import { NETBIOS_WATCH_OPTIONS, WATCHER_OPTIONS, type NetbiosWatchValues, type WatcherOptionValues } from '../core/watcher-options';
import { integerOption, parse, UsageError } from './args';
import type { RawMessage } from '../core/message';
import type { StructRegistry } from '../decode/index';
import type { Command } from './command';
import { backendChoice, endpointArgument, netbiosOptions, pairsOption, printOptions, printSettings } from './endpoint-options';
import { TrafficPrinter, type PrintOptions } from './printer';
import { formatServerChange, serverStructOption } from './server-printer';
import { TrafficLog } from '../core/traffic-log';
import { DiscoveredServers } from '../watchers/server-announcements';
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
  --servers              print the servers announced here instead of messages: each once when first
                         announced (MS_MESSAGE, or --server-struct), again when it goes late (silent for
                         3 usual intervals), gone (10) or comes back; with --json: event, address, host,
                         port, struct, firstSeen, lastSeen, count, intervalMs, from
  --server-struct NAME:ADDRESS:PORT   a struct of yours (from --header) that announces a server, and
                         its address and port fields, e.g. SERVER_HELLO:host,addr:port (repeatable)
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
      servers: { type: 'boolean' },
      'server-struct': { type: 'string', multiple: true },
    }, 'watch');
    const endpoint = endpointArgument(positionals, 'watch');
    const count = integerOption(values.count, 'count', 1);
    const print = printSettings(values);
    // --arch chose the layouts for printing (printSettings); the backend has no use for it.
    const { proxyTo, arch: _arch, ...watch } = flagValues(WATCHER_OPTIONS, values) as WatcherOptionValues;
    if (watch.intercept && proxyTo !== undefined) throw new UsageError('watch: --intercept and --proxy-to exclude each other (intercept steps in front of the server of the same name)');
    const options: WatchOptions = {
      ...watch,
      endpoint,
      proxyTo: proxyTo === undefined ? undefined : parseEndpoint(proxyTo, 'pipe'),
      netbios: flagValues(NETBIOS_WATCH_OPTIONS, values) as NetbiosWatchValues,
    };

    const structs = values['server-struct'] ?? [];
    const servers = values.servers || structs.length ? serverPrinter(print.registry, structs, print.json) : undefined;
    return watchAndPrint(options, print, count, backendChoice(values), servers);
  },
};

/** What `--servers` prints instead of messages: each server's changes, counted as lines by `count`. */
type ServerPrinter = (endpoint: string, printLine: (line: string) => void) => { messages(batch: RawMessage[]): void; dispose(): void };

/**
 * Starts the watcher and prints what it delivers until `count` is reached (exit 0), a signal (0), or
 * the watcher ends (1); its events go to stderr. Shared with `slotpipe intercept`.
 */
export async function watchAndPrint(options: WatchOptions, print: PrintOptions, count: number | undefined, choice: BackendChoice = {}, servers?: ServerPrinter): Promise<number> {
  const path = options.endpoint.path;
  let finish: (code: number) => void = () => {};
  let reportedFatal = false;
  let serverLines = 0;
  const done = new Promise<number>((resolve) => (finish = resolve));
  const printer = new TrafficPrinter(path, print, { count, reached: () => finish(0) });
  const serverLog = servers?.(path, (line) => {
    if (count !== undefined && serverLines >= count) return;
    console.log(line);
    if (++serverLines === count) finish(0);
  });
  const watcher = await createWatcher(options, {
    messages: (batch) => (serverLog ? serverLog.messages(batch) : printer.messages(batch)),
    event(event) {
      console.error(describeEvent(path, event));
      const roundTrips = printer.event(event);
      if (roundTrips) console.error(roundTrips);
      if (event.type === 'error' && event.fatal) {
        reportedFatal = true;
        finish(1);
      }
      if (event.type === 'stopped') finish(1);
    },
  }, choice);
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
  serverLog?.dispose();
  return code;
}

/** Feeds what arrives to a DiscoveredServers and prints each server's changes (JSON with --json). */
function serverPrinter(registry: StructRegistry, structs: string[], json: boolean): ServerPrinter {
  const mappings = structs.map(serverStructOption);
  for (const mapping of mappings) {
    if (!registry.get(mapping.struct)) throw new UsageError(`--server-struct: no struct named ${mapping.struct}; add its header with --header FILE`);
  }
  return (endpoint, printLine) => {
    const log = new TrafficLog(1024);
    const servers = new DiscoveredServers({ mappings: () => mappings, registry: () => registry });
    servers.onDidChangeLiveness((changes) => {
      for (const change of changes) printLine(formatServerChange(change, json, Date.now()));
    });
    return {
      messages: (batch) => servers.observe(log.append(watcherId(endpoint), endpoint, batch)),
      dispose: () => servers.dispose(),
    };
  };
}
