/** The watcher options (core/watcher-options.ts) as `slotpipe watch` flags: parseArgs options, help lines, checked values. */
import { optionHelp, optionProblem, type WatcherOption } from '../core/watcher-options';
import { UsageError, integerOption, oneOf, type Options } from './args';

type Table = Record<string, WatcherOption>;

/** parseArgs options for every flag of the table. */
export function flagOptions(table: Table): Options {
  return Object.fromEntries(Object.values(table).map((option) => [option.flag, { type: option.type === 'boolean' ? 'boolean' : 'string' }]));
}

const HELP_COLUMN = 25;
const WIDTH = 110;

/** One entry per flag, the help in a column and wrapped. */
export function flagHelp(table: Table): string {
  return Object.values(table).map((option) => {
    const arg = option.type === 'boolean' ? '' : option.type === 'enum' ? ` ${option.values!.join('|')}` : ` ${option.arg ?? 'N'}`;
    const flag = `  --${option.flag}${arg}`;
    const lines = [flag.length < HELP_COLUMN - 1 ? flag.padEnd(HELP_COLUMN - 1) : `${flag} `];
    for (const word of optionHelp(option, 'plain').split(' ')) {
      const last = lines.length - 1;
      const start = lines[last];
      if (start.length + 1 + word.length > WIDTH && start.length > HELP_COLUMN) lines.push(`${' '.repeat(HELP_COLUMN)}${word}`);
      else lines[last] = `${start} ${word}`;
    }
    return lines.join('\n');
  }).join('\n');
}

/** The values given for the table's flags, checked with the table's limits; a bad one is a usage error naming its flag. */
export function flagValues(table: Table, values: Record<string, string | boolean | (string | boolean)[] | undefined>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [name, option] of Object.entries(table)) {
    const raw = values[option.flag];
    if (raw === undefined || Array.isArray(raw)) continue;
    out[name] = flagValue(option, raw);
  }
  return out;
}

function flagValue(option: WatcherOption, raw: string | boolean): string | number | boolean {
  if (typeof raw === 'boolean') return raw;
  if (option.type === 'integer') return integerOption(raw, option.flag, option.min!, option.max)!;
  if (option.type === 'enum') return oneOf(raw, option.flag, option.values!)!;
  const problem = optionProblem(option, raw);
  if (problem) throw new UsageError(`--${option.flag}: ${problem}`);
  return raw;
}
