/**
 * `#if`/`#ifdef`/`#ifndef`/`#elif`/`#else`/`#endif` as MSVC for Windows x64 would read them: `_WIN32`,
 * `_WIN64`, `_M_X64`, `_M_AMD64` and `_MSC_VER` are defined, `__cplusplus` is not, and names defined
 * earlier (in this header or earlier ones) count. Removes the groups that are not compiled, so
 * `#ifdef _WIN64 ... #else ... #endif` gives one definition, not two. An active `#error` is reported.
 * Macros in `#if` expand as in C (a macro is not expanded inside itself) within a per-header budget of
 * expanded tokens, so a small header cannot ask for exponential work.
 */
import type { Token } from './c-lexer';
import { describe, evaluate, MAX_NESTING, type ExpressionContext } from './constant-expression';
import { HeaderError, HeaderLimitError } from './header-error';

export interface KnownMacros {
  /** Integer value of a name defined before this header, if any. */
  value(name: string): bigint | undefined;
  /** Whether a name was defined before this header (integer or not). */
  defined(name: string): boolean;
}

const PREDEFINED = new Map<string, bigint>([
  ['_WIN32', 1n],
  ['_WIN64', 1n],
  ['_M_X64', 100n],
  ['_M_AMD64', 100n],
  ['_MSC_VER', 1900n],
]);

interface Group {
  /** Whether tokens in the current branch are kept. */
  active: boolean;
  /** Whether an earlier branch of this #if was kept (then later ones are not). */
  taken: boolean;
  /** Whether the enclosing group is kept at all. */
  enclosingActive: boolean;
  open: Token;
  /** The group's `#else`, once seen (nothing but `#endif` may follow it). */
  elseAt?: Token;
}

/** Macro body tokens one header's `#if` conditions may expand in all. */
export const MACRO_EXPANSION_BUDGET = 1_000_000;

/** Names `#define`d so far in this header: their value tokens, or undefined once `#undef`ed. */
type LocalMacros = Map<string, Token[] | undefined>;

export function includeActiveGroups(tokens: Token[], file: string, known: KnownMacros): Token[] {
  const out: Token[] = [];
  const groups: Group[] = [];
  const local: LocalMacros = new Map();
  const fail = (at: Token, problem: string): never => {
    throw new HeaderError(file, at.line, at.column, problem);
  };
  // A group is only ever active inside an active one, so the innermost group says it for all.
  const active = () => groups.length === 0 || groups[groups.length - 1].active;
  const budget = { left: MACRO_EXPANSION_BUDGET };
  const isDefined = (name: string) => (local.has(name) ? local.get(name) !== undefined : PREDEFINED.has(name) || known.defined(name));

  function condition(d: Token, body: Token[]): boolean {
    const expanded: Token[] = [];
    for (let i = 0; i < body.length; i++) {
      const t = body[i];
      if (t.kind === 'ident' && t.text === 'defined') {
        const paren = body[i + 1]?.text === '(';
        const name = body[i + (paren ? 2 : 1)];
        if (!name || name.kind !== 'ident') fail(name ?? d, `expected a macro name after defined, found ${name ? describe(name) : 'end of line'}`);
        if (paren && body[i + 3]?.text !== ')') fail(body[i + 3] ?? d, 'expected ")" after defined(NAME');
        expanded.push({ ...t, kind: 'number', text: isDefined(name.text) ? '1' : '0' });
        i += paren ? 3 : 1;
      } else {
        expanded.push(t);
      }
    }
    const end: Token = { ...d, kind: 'eof', text: 'end of line' };
    return evaluate(expanded, end, macroContext(file, local, known, budget)) !== 0n;
  }

  for (const t of tokens) {
    if (t.kind !== 'directive') {
      if (active() || t.kind === 'eof') out.push(t);
      continue;
    }
    const body = t.body ?? [];
    const word = body[0]?.text;
    const rest = body.slice(1);
    if (word === 'if' || word === 'ifdef' || word === 'ifndef') {
      const enclosingActive = active();
      let kept = false;
      if (enclosingActive) {
        if (word === 'if') kept = condition(t, rest);
        else {
          if (rest[0]?.kind !== 'ident') fail(rest[0] ?? t, `expected a macro name after #${word}`);
          kept = isDefined(rest[0].text) === (word === 'ifdef');
        }
      }
      groups.push({ active: kept, taken: kept, enclosingActive, open: t });
    } else if (word === 'elif' || word === 'else') {
      const g = groups[groups.length - 1];
      if (!g) fail(t, `#${word} without #if`);
      if (g.elseAt) fail(t, `#${word} after #else (the #else of this #if is at line ${g.elseAt.line})`);
      if (word === 'else') g.elseAt = t;
      const kept = g.enclosingActive && !g.taken && (word === 'else' || condition(t, rest));
      g.active = kept;
      g.taken ||= kept;
    } else if (word === 'endif') {
      if (!groups.pop()) fail(t, '#endif without #if');
    } else if (active()) {
      if (word === 'define' && rest[0]?.kind === 'ident') local.set(rest[0].text, rest.slice(1));
      if (word === 'undef' && rest[0]?.kind === 'ident') local.set(rest[0].text, undefined);
      if (word === 'error') fail(t, `#error ${rest.map((x) => x.text).join(' ')}`);
      out.push(t);
    }
  }
  if (groups.length) fail(groups[groups.length - 1].open, `#${groups[groups.length - 1].open.body?.[0]?.text} without #endif`);
  return out;
}

/**
 * In #if, a macro stands for its value, and a name nobody defined is 0 (as C says). A macro named
 * inside its own expansion is not expanded again, so it is 0 there too. Every body expanded is
 * charged to the header's budget.
 */
function macroContext(file: string, local: LocalMacros, known: KnownMacros, budget: { left: number }): ExpressionContext {
  const expanding = new Set<string>();
  const context: ExpressionContext = {
    constant(name, at, nesting) {
      if (!local.has(name)) return PREDEFINED.get(name) ?? known.value(name) ?? 0n;
      const body = local.get(name);
      if (!body || body.length === 0 || expanding.has(name)) return 0n;
      budget.left -= body.length;
      if (budget.left < 0) context.fail(at, `macros in #if conditions expand to more than ${MACRO_EXPANSION_BUDGET} tokens in this header (here ${name})`, 'limit');
      if (nesting >= MAX_NESTING) context.fail(at, `macros nested more than ${MAX_NESTING} levels deep (here ${name})`, 'limit');
      const end: Token = { ...body[body.length - 1], kind: 'eof', text: 'end of line' };
      expanding.add(name);
      try {
        return evaluate(body, end, context, nesting + 1);
      } finally {
        expanding.delete(name);
      }
    },
    castType: () => undefined,
    fail(at, problem, limit) {
      const Error = limit ? HeaderLimitError : HeaderError;
      throw new Error(file, at.line, at.column, `cannot evaluate the #if condition: ${problem}`);
    },
  };
  return context;
}
