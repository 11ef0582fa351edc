/** The shape of one `slotpipe` sub-command. */
export interface Command {
  name: string;
  /** One line for `slotpipe --help`. */
  summary: string;
  /** The full `slotpipe <name> --help` text. */
  usage: string;
  /** Returns the exit code: 0 done, 1 runtime failure (throw UsageError for 2). */
  run(argv: string[]): Promise<number>;
}
