/**
 * Evaluates the integer constant expressions headers use for `#define` values, enum values and array
 * sizes: literals with C suffixes, names of earlier constants, casts to known integer types, and the
 * usual unary and binary operators. Values are BigInt so 64-bit constants stay exact.
 */
import type { Token } from './c-lexer';

export interface ExpressionContext {
  /** The value of a constant or enum member, if one is known by that name. */
  constant(name: string): bigint | undefined;
  /** The byte size and signedness of an integer type name used in a cast, if it is one. */
  castType(name: string): { size: number; signed: boolean } | undefined;
  /** Throws the located error. */
  fail(at: Token, problem: string): never;
}

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

/** Evaluates `tokens` whole; complains at the first token it cannot use. */
export function evaluate(tokens: Token[], end: Token, ctx: ExpressionContext): bigint {
  let i = 0;
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
      const v = ctx.constant(t.text);
      if (v === undefined) return ctx.fail(t, `unknown constant "${t.text}" (define it before it is used)`);
      return v;
    }
    if (t.text === '(') {
      const inner = peek();
      const cast = inner.kind === 'ident' && tokens[i + 1]?.text === ')' ? ctx.castType(inner.text) : undefined;
      if (cast) {
        i += 2;
        return truncate(unary(), cast.size, cast.signed);
      }
      const v = binary(0);
      expect(')');
      return v;
    }
    return ctx.fail(t, `expected a number or constant name, found ${describe(t)}`);
  }

  function unary(): bigint {
    const t = peek();
    if (t.text === '-' && t.kind === 'punct') return next(), -unary();
    if (t.text === '+' && t.kind === 'punct') return next(), unary();
    if (t.text === '~' && t.kind === 'punct') return next(), ~unary();
    if (t.text === '!' && t.kind === 'punct') return next(), unary() === 0n ? 1n : 0n;
    return primary();
  }

  function binary(minPrec: number): bigint {
    let left = unary();
    for (;;) {
      const op = peek();
      const prec = op.kind === 'punct' ? BINARY[op.text] : undefined;
      if (prec === undefined || prec < minPrec) return left;
      next();
      const right = binary(prec + 1);
      left = apply(op, left, right);
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
