/** What a decoder hands to the views (webview table and detail, CLI printer): plain, JSON-safe data. */

export interface DecodedField {
  name: string;
  /** As C writes it: `DWORD`, `char[20]`, `POINT[2]`. */
  type: string;
  /** Byte offset in the message. */
  offset: number;
  size: number;
  /**
   * JSON-safe: numbers, strings, booleans, arrays, nested objects; 64-bit integers and pointers as
   * decimal strings; `null` for a field the message is too short to hold.
   */
  value: unknown;
  display: string;
  /** Struct and union members and array elements, for views that show a tree. */
  children?: DecodedField[];
  /** A bit field: its lowest bit and width within the `size` bytes at `offset` (its allocation unit). */
  bits?: { position: number; width: number };
  /**
   * The member's position in its struct or union when it differs from its position in `children`
   * (a tagged union shows only the chosen member): what `decodeElements` paths use.
   */
  member?: number;
  /**
   * For an array whose `children` and `value` hold only its first elements: how many elements the
   * message has. Views ask for more with `decodeElements`; a large array is never decoded whole.
   */
  elements?: number;
}

export interface DecodedView {
  /** `text` (UTF-8), `utf16`, `ansi`, `hex` or `struct:NAME`. */
  decoder: string;
  /** Why this decoder: the user's choice, or what `auto` saw. */
  reason: string;
  /** Decoded text (text decoders) or the hex dump (hex). */
  text?: string;
  /** Text decoders: whether a NUL terminator followed the text (shown by views, not part of `text`). */
  nulTerminated?: boolean;
  fields?: DecodedField[];
  /** One line for tables and the CLI. */
  summary: string;
  /** What did not fit or did not look right: missing bytes, left-over bytes, invalid characters. */
  problems: string[];
}
