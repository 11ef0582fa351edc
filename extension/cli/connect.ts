/**
 * `slotpipe connect`: an interactive client of a pipe, or of a TCP server (a discovered one) — each stdin
 * line goes out as one message, replies are printed.
 */
import readline from 'node:readline';
import { HexError, parseHex } from '../core/hex';
import { connectPipe } from '../backends';
import type { PipeClient, WatcherSink } from '../core/backend';
import { isTcpAddress, parseTcpAddress, TcpAddressError } from '../core/tcp-address';
import { connectTcp } from '../net/tcp-client';
import { integerOption, parse, UsageError } from './args';
import type { Command } from './command';
import { endpointArgument, pairsOption, printOptions, printSettings, HEADER_OPTIONS_HELP } from './endpoint-options';
import { TrafficPrinter } from './printer';
import { errorMessage } from '../core/error-message';

const usage = `Usage: slotpipe connect <pipe | tcp://HOST:PORT> [options]

Connects to \\\\.\\pipe\\name or \\\\machine\\pipe\\name, or over TCP to a server (such as one listed by
slotpipe watch --servers). Each line typed (or read from stdin) is sent as one message; replies are
printed as they arrive, with their time. End with Ctrl-D (or Ctrl-C).
  --hex-input            lines are hex bytes rather than text
  --nul                  add a C terminator to each text line
  --decode CHOICE        how replies are shown (auto, text, utf16, ansi, hex, struct:NAME)
  --header FILE          C header with struct definitions (repeatable)
${HEADER_OPTIONS_HELP}
  --json                 print replies (and what is sent) as JSON lines
  --pairs                print each line sent with its reply and the round-trip time (one JSON object
                         each with --json); a line the server did not answer is printed as unanswered
  --busy-timeout MS      wait this long when every instance is busy (default 5000)
  --connect-timeout MS   TCP: wait this long for the server to accept (default 5000)`;

export const connectCommand: Command = {
  name: 'connect',
  summary: 'interactive pipe or TCP client: stdin lines out, replies printed',
  usage,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      ...printOptions,
      ...pairsOption,
      'hex-input': { type: 'boolean' },
      nul: { type: 'boolean' },
      'busy-timeout': { type: 'string' },
      'connect-timeout': { type: 'string' },
    }, 'connect');
    const tcp = positionals[0] !== undefined && isTcpAddress(positionals[0]) ? tcpArgument(positionals[0]) : undefined;
    const pipe = tcp ? undefined : endpointArgument(positionals, 'connect', 'pipe');
    const target = tcp?.url ?? pipe!.path;
    const print = printSettings(values);
    const printer = new TrafficPrinter(target, print, { shows: (message) => message.direction === 'in' || print.json });
    let serverGone = false;
    let closing = false;
    const sink: WatcherSink = {
      messages: (batch) => printer.messages(batch),
      event(event) {
        const roundTrips = printer.event(event);
        if (roundTrips) console.error(roundTrips);
        if (event.type === 'disconnected') {
          serverGone = !closing;
          console.error(`disconnected: ${event.reason ?? 'the server closed the pipe'}`);
          lines.close();
        } else if (event.type === 'error') console.error(`error: ${event.message}`);
      },
    };
    const client: PipeClient = tcp
      ? await connectTcp(tcp, { connectTimeout: integerOption(values['connect-timeout'], 'connect-timeout', 1, 600000) }, sink)
      : await connectPipe(pipe!, { busyTimeout: integerOption(values['busy-timeout'], 'busy-timeout', 0, 600000) }, sink);
    console.error(`connected to ${target} (${tcp ? 'TCP' : client.messageMode ? 'message mode' : 'byte mode'})`);
    const lines = readline.createInterface({ input: process.stdin, terminal: false });
    let failed = false;
    for await (const line of lines) {
      let bytes: Uint8Array;
      try {
        bytes = values['hex-input'] ? parseHex(line) : new TextEncoder().encode(values.nul ? `${line}\0` : line);
      } catch (err) {
        if (!(err instanceof HexError)) throw err;
        console.error(`not sent: ${err.message}`);
        continue;
      }
      try {
        await client.send(bytes);
      } catch (err) {
        console.error(`not sent: ${errorMessage(err)}`);
        failed = true;
        break;
      }
    }
    closing = true;
    await client.close();
    printer.close();
    return serverGone || failed ? 1 : 0;
  },
};

function tcpArgument(text: string) {
  try {
    return parseTcpAddress(text);
  } catch (err) {
    if (err instanceof TcpAddressError) throw new UsageError(err.message);
    throw err;
  }
}
