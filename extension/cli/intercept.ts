/** `slotpipe intercept`: steps in front of a running pipe server, without restarting it, and prints both directions. */
import { UsageError, integerOption, parse } from './args';
import type { Command } from './command';
import { endpointArgument, pairsOption, printOptions, printSettings } from './endpoint-options';
import { watchAndPrint } from './watch';

const usage = `Usage: slotpipe intercept <pipe> [options]

Steps in front of the server already serving the pipe, without restarting either side, and prints
what each new client and the server say to each other (client → server "in", server → client "out").
On Windows Slotpipe holds the server's free instance and serves instances of its own beside it;
on Linux and macOS it moves the server's socket aside and serves the name itself. Connections made
before the intercept started are not seen (it says how many); stopping it (Ctrl+C) hands the name
back, and new clients reach the server directly again. Exits 1 with the reason when it cannot intercept.

Options:
  --decode auto|text|utf16|ansi|hex|struct:NAME   how to show each message (default auto)
  --header FILE          a C header with struct definitions (repeatable)
  --count N              exit 0 after N messages (with --pairs: N pairs)
  --json                 one JSON object per line
  --pairs                print each request with its reply and the round-trip time instead of messages`;

export const interceptCommand: Command = {
  name: 'intercept',
  summary: 'step in front of a running pipe server and print both directions',
  usage,
  async run(argv) {
    const { values, positionals } = parse(argv, { ...printOptions, ...pairsOption, count: { type: 'string' } }, 'intercept');
    const endpoint = endpointArgument(positionals, 'intercept', 'pipe');
    if (endpoint.kind !== 'pipe') throw new UsageError(`intercept: ${endpoint.path} is a mailslot; only a pipe server can be intercepted`);
    if (endpoint.scope !== 'local') throw new UsageError(`intercept: only a pipe on this computer can be intercepted; use \\\\.\\pipe\\${endpoint.name}`);
    const count = integerOption(values.count, 'count', 1);
    return watchAndPrint({ endpoint, intercept: true }, printSettings(values), count);
  },
};
