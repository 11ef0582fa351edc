/** Argument parsing shared by the CLI commands: node's parseArgs plus Slotpipe's usage errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HexError, parseHex } from '../core/hex';
import { quoteInput } from '../core/quote';
import { FileRefused } from '../files/regular-file';
import { errorMessage } from '../core/error-message';

/** Bad usage: the CLI prints the one-line message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Options = NonNullable<ParseArgsConfig['options']>;

/** What parse() returns: parseArgs' precise values for these options (named, so declarations can spell it). */
export type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O & { help: { type: 'boolean'; short: 'h' } }; allowPositionals: true; strict: true }>>;

export function parse<O extends Options>(argv: string[], options: O, command: string): Parsed<O> {
  try {
    return parseArgs({ args: withNegativeValues(argv, options), options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    const message = errorMessage(err).replace(/\. To specify a positional.*$/s, '').replace(/\s*\n\s*/g, ' ');
    throw new UsageError(`${command}: ${message}`);
  }
}

/**
 * `--count -1` as `--count=-1`: node's parser takes a value starting with a dash for a missing one ("argument
 * is ambiguous"); joined, the option's own check says what it accepts.
 */
function withNegativeValues(argv: string[], options: Options): string[] {
  return argv.flatMap((arg, i) => {
    const next = argv[i + 1];
    if (/^-\d/.test(arg) && i > 0 && isStringOption(argv[i - 1], options)) return [];
    return isStringOption(arg, options) && next !== undefined && /^-\d/.test(next) ? [`${arg}=${next}`] : [arg];
  });
}

function isStringOption(arg: string, options: Options): boolean {
  return arg.startsWith('--') && options[arg.slice(2)]?.type === 'string';
}

/** A whole number within bounds, or a usage error naming the option. */
export function integerOption(value: string | undefined, option: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${option} takes a whole number from ${min} to ${max}, got ${quoteInput(value)}`);
  }
  return n;
}

/** A number of seconds (fractions allowed) within bounds. */
export function secondsOption(value: string | undefined, option: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`--${option} takes a number of seconds from ${min} to ${max}, got ${quoteInput(value)}`);
  }
  return n;
}

/** Bytes from a hex option, or a usage error naming the option and the bad part. */
export function hexOption(text: string, option: string): Uint8Array {
  try {
    return parseHex(text);
  } catch (err) {
    if (err instanceof HexError) throw new UsageError(`--${option}: ${err.message}`);
    throw err;
  }
}

/** A file option that could not be read: refused (not a regular file, too big) or the system's reason. */
export function fileUsageError(option: string, file: string, err: unknown): UsageError {
  if (err instanceof FileRefused) return new UsageError(`--${option}: ${err.message}`, { cause: err });
  return new UsageError(`--${option} ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? errorMessage(err)})`, { cause: err });
}

export function oneOf<T extends string>(value: string | undefined, option: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${option} must be one of ${allowed.join(', ')}, got ${quoteInput(value)}`);
  }
  return value as T;
}
