/** `slotpipe connect`: an interactive pipe client — each stdin line goes out as one message, replies are printed. */
import readline from 'node:readline';
import { HexError, parseHex } from '../core/hex';
import { connectPipe } from '../backends';
import { integerOption, parse } from './args';
import type { Command } from './command';
import { endpointArgument, pairsOption, printOptions, printSettings } from './endpoint-options';
import { TrafficPrinter } from './printer';
import { errorMessage } from '../core/error-message';

const usage = `Usage: slotpipe connect <pipe> [options]

Connects to \\\\.\\pipe\\name or \\\\machine\\pipe\\name. Each line typed (or read from stdin) is sent
as one message; replies are printed as they arrive. End with Ctrl-D (or Ctrl-C).
  --hex-input            lines are hex bytes rather than text
  --nul                  add a C terminator to each text line
  --decode CHOICE        how replies are shown (auto, text, utf16, ansi, hex, struct:NAME)
  --header FILE          C header with struct definitions (repeatable)
  --json                 print replies (and what is sent) as JSON lines
  --pairs                print each line sent with its reply and the round-trip time (one JSON object
                         each with --json); a line the server did not answer is printed as unanswered
  --busy-timeout MS      wait this long when every instance is busy (default 5000)`;

export const connectCommand: Command = {
  name: 'connect',
  summary: 'interactive pipe client: stdin lines out, replies printed',
  usage,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      ...printOptions,
      ...pairsOption,
      'hex-input': { type: 'boolean' },
      nul: { type: 'boolean' },
      'busy-timeout': { type: 'string' },
    }, 'connect');
    const endpoint = endpointArgument(positionals, 'connect', 'pipe');
    const print = printSettings(values);
    const printer = new TrafficPrinter(endpoint.path, print, { shows: (message) => message.direction === 'in' || print.json });
    let serverGone = false;
    let closing = false;
    const client = await connectPipe(endpoint, { busyTimeout: integerOption(values['busy-timeout'], 'busy-timeout', 0, 600000) }, {
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
    });
    console.error(`connected to ${endpoint.path} (${client.messageMode ? 'message' : 'byte'} mode)`);
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
