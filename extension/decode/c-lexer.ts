/**
 * Splits C header text into tokens with line and column. Comments are kept aside (the parser reads
 * field comments for magic values); a preprocessor line becomes one `directive` token holding its
 * own tokens, so `#define` bodies never leak into declarations.
 */
import { HeaderError } from './header-error';

export type TokenKind = 'ident' | 'number' | 'string' | 'char' | 'punct' | 'directive' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  line: number;
  column: number;
  /** For `directive`: the tokens after the `#`. */
  body?: Token[];
  /** True when whitespace or a comment came just before (tells `#define F(x)` from `#define F (x)`). */
  spaced: boolean;
  /** The file, for a token of an #included file (else the header's own). */
  file?: string;
}

export interface Comment {
  text: string;
  line: number;
  /** As for tokens: set for an #included file's comments. */
  file?: string;
}

export interface Lexed {
  tokens: Token[];
  comments: Comment[];
}

// Sticky: each matches at `lastIndex` only, so a token of any length is read whole, without copying the rest.
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /(?:0[xX][0-9A-Fa-f]+|[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)[A-Za-z0-9_]*/y;
const PUNCT = /<<=|>>=|\.\.\.|<<|>>|<=|>=|==|!=|&&|\|\||->|\+\+|--|::|\+=|-=|\*=|\/=|##|[{}[\]();,:*&|^~!<>=+\-/%?.#]/y;

const PATTERNS = [['ident', IDENT], ['number', NUMBER], ['punct', PUNCT]] as const;

export function lexHeader(source: string, file: string): Lexed {
  const comments: Comment[] = [];
  // A byte order mark is not part of the text (editors on Windows write one).
  let pos = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = pos;
  let spaced = true;
  const fail = (problem: string, at = pos, atLine = line, atLineStart = lineStart): never => {
    throw new HeaderError(file, atLine, at - atLineStart + 1, problem);
  };
  const newline = () => {
    line++;
    lineStart = pos + 1;
  };

  /** Skips blanks and comments; inside a directive a bare newline ends it (continuations do not). */
  function skipSpace(inDirective: boolean): boolean {
    for (;;) {
      const c = source[pos];
      if (c === '\\' && (source[pos + 1] === '\n' || (source[pos + 1] === '\r' && source[pos + 2] === '\n'))) {
        pos += source[pos + 1] === '\r' ? 2 : 1;
        newline();
        pos++;
        spaced = true;
      } else if (c === '\n') {
        if (inDirective) return true;
        newline();
        pos++;
        spaced = true;
      } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
        pos++;
        spaced = true;
      } else if (c === '/' && source[pos + 1] === '/') {
        const end = source.indexOf('\n', pos);
        const stop = end < 0 ? source.length : end;
        comments.push({ text: source.slice(pos + 2, stop).trim(), line });
        pos = stop;
        spaced = true;
      } else if (c === '/' && source[pos + 1] === '*') {
        const startLine = line;
        const startCol = pos;
        const startLineStart = lineStart;
        const end = source.indexOf('*/', pos + 2);
        if (end < 0) fail('unterminated /* comment', startCol, startLine, startLineStart);
        for (let i = pos; i < end; i++) if (source[i] === '\n') {
          pos = i;
          newline();
        }
        comments.push({ text: source.slice(startCol + 2, end).trim(), line: startLine });
        pos = end + 2;
        spaced = true;
      } else {
        return pos >= source.length;
      }
    }
  }

  function quoted(quote: string): string {
    const start = pos;
    pos++;
    while (pos < source.length && source[pos] !== quote) {
      if (source[pos] === '\n') fail(`missing closing ${quote}`, start);
      if (source[pos] === '\\') pos++;
      pos++;
    }
    if (pos >= source.length) fail(`missing closing ${quote}`, start);
    pos++;
    return source.slice(start, pos);
  }

  function token(inDirective: boolean): Token | undefined {
    if (skipSpace(inDirective)) return undefined;
    const column = pos - lineStart + 1;
    const make = (kind: TokenKind, text: string): Token => {
      const t = { kind, text, line, column, spaced };
      spaced = false;
      return t;
    };
    const c = source[pos];
    if (c === '"') return make('string', quoted('"'));
    if (c === "'") return make('char', quoted("'"));
    for (const [kind, pattern] of PATTERNS) {
      pattern.lastIndex = pos;
      const m = pattern.exec(source);
      if (m) {
        pos += m[0].length;
        return make(kind, m[0]);
      }
    }
    return fail(`unexpected character ${JSON.stringify(c)}`);
  }

  const tokens: Token[] = [];
  let atLineStart = true;
  for (;;) {
    const before = line;
    if (skipSpace(false)) break;
    if (line !== before) atLineStart = true;
    if (source[pos] === '#' && atLineStart) {
      const column = pos - lineStart + 1;
      const directiveLine = line;
      pos++;
      spaced = false;
      const body: Token[] = [];
      for (let t = token(true); t; t = token(true)) body.push(t);
      tokens.push({ kind: 'directive', text: '#', line: directiveLine, column, body, spaced: true });
      atLineStart = true;
      continue;
    }
    const t = token(false);
    if (!t) break;
    tokens.push(t);
    atLineStart = false;
  }
  tokens.push({ kind: 'eof', text: 'end of file', line, column: pos - lineStart + 1, spaced: true });
  return { tokens, comments };
}
