/** `slotpipe pipes`: the named pipes that exist on this machine. */
import { listPipes } from '../backends';
import { UsageError, parse } from './args';
import type { Command } from './command';
import { displayName, quoteInput } from '../core/quote';

const usage = `Usage: slotpipe pipes [--json]

Lists the pipes on this machine with their current and maximum instances (on Linux and macOS: the
Unix sockets that stand for pipes, CoreFxPipe_* in the temporary folder).
  --json   print a JSON array of {path, name, currentInstances, maxInstances}`;

export const pipesCommand: Command = {
  name: 'pipes',
  summary: 'list the named pipes on this machine',
  usage,
  async run(argv) {
    const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, 'pipes');
    if (positionals.length) throw new UsageError(`pipes takes no arguments, got ${quoteInput(positionals[0])}`);
    const pipes = await listPipes();
    if (values.json) {
      console.log(JSON.stringify(pipes));
      return 0;
    }
    for (const pipe of pipes) {
      const instances = pipe.currentInstances === undefined ? '' : `${pipe.currentInstances}/${pipe.maxInstances ?? '∞'}`;
      // Any local user can name a socket: its name may hold terminal escape sequences.
      console.log(`${instances.padStart(9)}  ${displayName(pipe.path)}`);
    }
    console.error(`${pipes.length} pipe${pipes.length === 1 ? '' : 's'}`);
    return 0;
  },
};
