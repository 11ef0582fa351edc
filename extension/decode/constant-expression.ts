/**
 * Evaluates the integer constant expressions headers use for `#define` values, enum values and array
 * sizes: literals with C suffixes, names of earlier constants, casts to known integer types, and the
 * usual unary and binary operators. Values are BigInt so 64-bit constants stay exact.
 */
import type { Token } from './c-lexer';

export interface ExpressionContext {
  /**
   * The value of a constant or enum member, if one is known by that name. `nesting` is how deep the
   * name sits; a context that evaluates a macro body passes it on so the whole stays under MAX_NESTING.
   */
  constant(name: string, at: Token, nesting: number): bigint | undefined;
  /** The byte size and signedness of an integer type name used in a cast, if it is one. */
  castType(name: string): { size: number; signed: boolean } | undefined;
  /** Throws the located error; `limit` when a bound of the reader was reached, not a mistake in C. */
  fail(at: Token, problem: string, limit?: 'limit'): never;
}

/** Parentheses, unary operators and macro levels an expression may nest (C asks for 63; MSVC allows 256). */
export const MAX_NESTING = 256;

const BINARY: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7,
  '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};

const LIMIT = 1n << 128n;

export function parseIntegerLiteral(text: string): bigint | undefined {
  const m = /^(0[xX][0-9A-Fa-f]+|0[0-7]*|[1-9][0-9]*)(?:[uU]?(?:ll|LL|l|L|i64|I64)?|(?:ll|LL|l|L|i64|I64)[uU])$/.exec(text);
  if (!m) return undefined;
  const digits = m[1];
  if (/^0[0-7]+$/.test(digits)) return BigInt(`0o${digits.slice(1)}`);
  return BigInt(digits);
}

export function truncate(value: bigint, size: number, signed: boolean): bigint {
  const bits = BigInt(size * 8);
  return signed ? BigInt.asIntN(Number(bits), value) : BigInt.asUintN(Number(bits), value);
}

/**
 * Evaluates `tokens` whole; complains at the first token it cannot use. As in C, the side of `&&` and
 * `||` that does not decide the result is read but not evaluated (`0 && 1/0` is 0). Recursion is bounded
 * by MAX_NESTING (counted from `nesting`), so deep input ends in a located error, not a stack overflow.
 */
export function evaluate(tokens: Token[], end: Token, ctx: ExpressionContext, nesting = 0): bigint {
  let i = 0;
  /** Above 0 while reading an operand that is not evaluated. */
  let unevaluated = 0;
  const deeper = (at: Token) => {
    if (++nesting > MAX_NESTING) ctx.fail(at, `expression nested more than ${MAX_NESTING} levels deep (parentheses, unary operators and macros)`, 'limit');
  };
  const peek = (): Token => tokens[i] ?? end;
  const next = (): Token => tokens[i++] ?? end;
  const expect = (text: string) => {
    const t = next();
    if (t.text !== text || t.kind === 'eof') ctx.fail(t, `expected "${text}" in constant expression, found ${describe(t)}`);
  };

  function primary(): bigint {
    const t = next();
    if (t.kind === 'number') {
      const v = parseIntegerLiteral(t.text);
      if (v === undefined) return ctx.fail(t, `expected an integer constant, found "${t.text}"`);
      return v;
    }
    if (t.kind === 'char') {
      const body = t.text.slice(1, -1);
      const simple: Record<string, number> = { '\\0': 0, '\\n': 10, '\\r': 13, '\\t': 9, "\\'": 39, '\\\\': 92 };
      if (body.length === 1) return BigInt(body.charCodeAt(0));
      if (body in simple) return BigInt(simple[body]);
      const hex = /^\\x([0-9A-Fa-f]{1,2})$/.exec(body);
      if (hex) return BigInt(parseInt(hex[1], 16));
      return ctx.fail(t, `unsupported character constant ${t.text}`);
    }
    if (t.kind === 'ident') {
      if (t.text === 'sizeof') return ctx.fail(t, 'sizeof in constant expressions is not supported; write the number');
      const v = ctx.constant(t.text, t, nesting);
      if (v === undefined) return ctx.fail(t, `unknown constant "${t.text}" (define it before it is used)`);
      return v;
    }
    if (t.text === '(') {
      deeper(t);
      const inner = peek();
      const cast = inner.kind === 'ident' && tokens[i + 1]?.text === ')' ? ctx.castType(inner.text) : undefined;
      if (cast) {
        i += 2;
        const v = truncate(unary(), cast.size, cast.signed);
        nesting--;
        return v;
      }
      const v = binary(0);
      expect(')');
      nesting--;
      return v;
    }
    return ctx.fail(t, `expected a number or constant name, found ${describe(t)}`);
  }

  function unary(): bigint {
    const t = peek();
    if (t.kind !== 'punct' || !['-', '+', '~', '!'].includes(t.text)) return primary();
    next();
    deeper(t);
    const v = unary();
    nesting--;
    return t.text === '-' ? -v : t.text === '~' ? ~v : t.text === '!' ? (v === 0n ? 1n : 0n) : v;
  }

  function binary(minPrec: number): bigint {
    let left = unary();
    for (;;) {
      const op = peek();
      const prec = op.kind === 'punct' ? BINARY[op.text] : undefined;
      if (prec === undefined || prec < minPrec) return left;
      next();
      const decided = (op.text === '&&' && left === 0n) || (op.text === '||' && left !== 0n);
      if (decided) unevaluated++;
      const right = binary(prec + 1);
      if (decided) unevaluated--;
      // What is not evaluated cannot fail (`0 && 1/0`); its value is never used.
      left = unevaluated ? 0n : apply(op, left, right);
      if (left > LIMIT || left < -LIMIT) ctx.fail(op, 'constant expression result does not fit in 128 bits');
    }
  }

  function apply(op: Token, a: bigint, b: bigint): bigint {
    switch (op.text) {
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '/':
      case '%':
        if (b === 0n) return ctx.fail(op, 'division by zero in constant expression');
        return op.text === '/' ? a / b : a % b;
      case '<<':
      case '>>':
        // Keeps a hostile header from asking for a number with millions of bits.
        if (b < 0n || b > 127n) return ctx.fail(op, `shift by ${b} is out of range (0 to 127)`);
        return op.text === '<<' ? a << b : a >> b;
      case '&': return a & b;
      case '|': return a | b;
      case '^': return a ^ b;
      case '&&': return a !== 0n && b !== 0n ? 1n : 0n;
      case '||': return a !== 0n || b !== 0n ? 1n : 0n;
      case '==': return a === b ? 1n : 0n;
      case '!=': return a !== b ? 1n : 0n;
      case '<': return a < b ? 1n : 0n;
      case '>': return a > b ? 1n : 0n;
      case '<=': return a <= b ? 1n : 0n;
      default: return a >= b ? 1n : 0n;
    }
  }

  if (tokens.length === 0) return ctx.fail(end, 'expected a constant expression');
  const value = binary(0);
  if (i < tokens.length) ctx.fail(tokens[i], `unexpected ${describe(tokens[i])} in constant expression`);
  return value;
}

export function describe(t: Token): string {
  // An end marker says which end it is (`end of file`, `end of line`, `end of the pragma`).
  return t.kind === 'eof' ? t.text || 'end of file' : `"${t.text}"`;
}
