/** A problem in a C header, located at file:line:column. */
export class HeaderError extends Error {
  override name = 'HeaderError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${column}: ${problem}`);
  }
}

/** A header that reaches one of the reader's bounds (nesting, expansion, size): reported, never caught as a C mistake. */
export class HeaderLimitError extends HeaderError {
  override name = 'HeaderLimitError';
}
