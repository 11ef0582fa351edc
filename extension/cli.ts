/** `slotpipe`: the command line on the same core as the extension. */
import type { Command } from './cli/command';
import { UsageError } from './cli/args';
import { watchCommand } from './cli/watch';
import { sendCommand } from './cli/send';
import { pipesCommand } from './cli/pipes';
import { connectCommand } from './cli/connect';
import { decodeCommand } from './cli/decode';
import { chatCommand } from './cli/chat';
import { interceptCommand } from './cli/intercept';
import { errorMessage } from './core/error-message';

const commands: Command[] = [watchCommand, sendCommand, pipesCommand, connectCommand, decodeCommand, interceptCommand, chatCommand];

const overview = `slotpipe — watch, decode and send Windows mailslot and named-pipe traffic

Usage: slotpipe <command> [options]   (slotpipe <command> --help for its options)

Commands:
${commands.map((c) => `  ${c.name.padEnd(9)} ${c.summary}`).join('\n')}

Endpoints are Win32 names: \\\\.\\mailslot\\sms, \\\\*\\mailslot\\sms, \\\\HOST\\mailslot\\sms,
\\\\.\\pipe\\ssnp, \\\\HOST\\pipe\\ssnp (forward slashes work too: //./pipe/ssnp).
Exit codes: 0 done, 1 runtime failure, 2 bad usage.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(overview);
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command "${name}"; commands: ${commands.map((c) => c.name).join(', ')}`);
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => exit(code),
  (err: unknown) => {
    const usage = err instanceof UsageError;
    console.error(`slotpipe: ${errorMessage(err)}`);
    if (usage) console.error('Try "slotpipe --help".');
    exit(usage ? 2 : 1);
  },
);

/** Exits once the output is flushed: a read still waiting on stdin (connect) must not keep the process alive. */
function exit(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
