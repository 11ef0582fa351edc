/** The decoder a person picks: in settings, the panel, `--decode` on the command line. */

export type DecoderChoice = 'auto' | 'text' | 'utf16' | 'ansi' | 'hex' | `struct:${string}`;

const ALIASES: Record<string, DecoderChoice> = {
  auto: 'auto',
  text: 'text',
  utf8: 'text',
  'utf-8': 'text',
  utf16: 'utf16',
  'utf-16': 'utf16',
  utf16le: 'utf16',
  'utf-16le': 'utf16',
  ansi: 'ansi',
  'windows-1252': 'ansi',
  cp1252: 'ansi',
  hex: 'hex',
};

/** Accepts the names above (any case) and `struct:NAME`; throws an Error naming what is accepted. */
export function parseDecoderChoice(text: string): DecoderChoice {
  const trimmed = text.trim();
  const known = ALIASES[trimmed.toLowerCase()];
  if (known) return known;
  const struct = /^struct:(.*)$/i.exec(trimmed);
  if (struct) {
    const name = struct[1].trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new Error(`decoder "${text}": struct:NAME needs a C struct name (letters, digits, _), got "${name}"`);
    }
    return `struct:${name}`;
  }
  throw new Error(`unknown decoder "${text}"; use auto, text, utf16, ansi, hex or struct:NAME`);
}

/** The struct name of a `struct:NAME` choice, else undefined. */
export function structOf(choice: DecoderChoice): string | undefined {
  return choice.startsWith('struct:') ? choice.slice('struct:'.length) : undefined;
}
