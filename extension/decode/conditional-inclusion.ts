/**
 * `#if`/`#ifdef`/`#ifndef`/`#elif`/`#else`/`#endif` as MSVC for the target would read them (x64:
 * `_WIN32`, `_WIN64`, `_M_X64`, `_M_AMD64`; x86: `_WIN32`, `_M_IX86`; arm64: `_WIN32`, `_WIN64`,
 * `_M_ARM64`; always `_MSC_VER`), `__cplusplus` is not defined, and names defined earlier (in this
 * header or earlier ones) count. Removes the groups that are not compiled, so
 * `#ifdef _WIN64 ... #else ... #endif` gives one definition, not two. An active `#error` is reported.
 * Macros in `#if` expand as in C (a macro is not expanded inside itself) within a per-header budget of
 * expanded tokens, so a small header cannot ask for exponential work. An active `#include` puts the
 * file's tokens in its place (decode/includes.ts finds it); `#pragma once` and include guards keep a
 * file from being read twice, and a file that includes itself without a guard is an error.
 */
import type { Arch } from '../core/arch';
import { errorMessage } from '../core/error-message';
import { lexHeader, type Comment, type Token } from './c-lexer';
import { describe, evaluate, MAX_NESTING, type ExpressionContext } from './constant-expression';
import { HeaderError, HeaderLimitError } from './header-error';
import { findInclude, includeName, type HeaderFiles } from './includes';

export interface KnownMacros {
  /** Integer value of a name defined before this header, if any. */
  value(name: string): bigint | undefined;
  /** Whether a name was defined before this header (integer or not). */
  defined(name: string): boolean;
}

const PREDEFINED: Record<Arch, Map<string, bigint>> = {
  x64: new Map([['_WIN32', 1n], ['_WIN64', 1n], ['_M_X64', 100n], ['_M_AMD64', 100n], ['_MSC_VER', 1900n]]),
  x86: new Map([['_WIN32', 1n], ['_M_IX86', 600n], ['_MSC_VER', 1900n]]),
  arm64: new Map([['_WIN32', 1n], ['_WIN64', 1n], ['_M_ARM64', 1n], ['_MSC_VER', 1900n]]),
};

/** How #include is followed. */
export interface Inclusion {
  arch: Arch;
  files?: HeaderFiles;
  /** Files that said `#pragma once` (shared by the headers of one registry). */
  once: Set<string>;
}

/** Files open inside one another at most, and tokens read through includes per header. */
export const MAX_INCLUDE_DEPTH = 64;
export const INCLUDED_TOKEN_BUDGET = 4_000_000;

export interface Included {
  tokens: Token[];
  /** Comments of the included files (the header's own are the lexer's). */
  comments: Comment[];
}

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

export function includeActiveGroups(tokens: Token[], file: string, known: KnownMacros, inclusion: Inclusion = { arch: 'x64', once: new Set() }): Included {
  const out: Token[] = [];
  const comments: Comment[] = [];
  const local: LocalMacros = new Map();
  const predefined = PREDEFINED[inclusion.arch];
  const budget = { left: MACRO_EXPANSION_BUDGET };
  const isDefined = (name: string) => (local.has(name) ? local.get(name) !== undefined : predefined.has(name) || known.defined(name));
  const stack = [file];
  let includedTokens = 0;
  const lexedFiles = new Map<string, { tokens: Token[]; comments: Comment[]; guard?: string }>();

  function readFile(at: Token, from: string, body: Token[]): void {
    const fail: (problem: string) => never = (problem) => {
      throw new HeaderError(from, at.line, at.column, problem);
    };
    const named = includeName(body);
    if (!named) fail(`expected "file.h" or <file.h> after #include, found ${body[0] ? describe(body[0]) : 'end of line'}`);
    let found: ReturnType<typeof findInclude>;
    try {
      found = findInclude(inclusion.files, named.name, from, named.angled);
    } catch (err) {
      return fail(`cannot read ${named.angled ? `<${named.name}>` : `"${named.name}"`}: ${errorMessage(err)}`);
    }
    if ('known' in found) return;
    if ('missing' in found) {
      const shown = named.angled ? `<${named.name}>` : `"${named.name}"`;
      fail(found.missing.length ? `cannot find ${shown} (looked for ${found.missing.join(', ')}); add its folder to the include path` : `cannot find ${shown}: no include path is set`);
    }
    if (inclusion.once.has(found.path)) return;
    // A file may be open twice (its guard then hides the inner copy); a third time it includes itself unguarded.
    if (stack.filter((f) => f === found.path).length >= 2) {
      fail(`include cycle: ${[...stack, found.path].join(' → ')} (an include guard or #pragma once would stop it)`);
    }
    if (stack.length >= MAX_INCLUDE_DEPTH) throw new HeaderLimitError(from, at.line, at.column, `includes nested more than ${MAX_INCLUDE_DEPTH} files deep`);
    let lexed = lexedFiles.get(found.path);
    if (!lexed) {
      const { tokens, comments: own } = lexHeader(found.source, found.path);
      for (const t of tokens) {
        t.file = found.path;
        for (const b of t.body ?? []) b.file = found.path;
      }
      for (const c of own) c.file = found.path;
      lexed = { tokens, comments: own, guard: includeGuard(tokens) };
      lexedFiles.set(found.path, lexed);
      comments.push(...own);
    }
    // A file wrapped in `#ifndef X` … `#endif` whose X is defined adds nothing: not read again (as compilers do).
    if (lexed.guard !== undefined && isDefined(lexed.guard)) return;
    includedTokens += lexed.tokens.length;
    if (includedTokens > INCLUDED_TOKEN_BUDGET) throw new HeaderLimitError(from, at.line, at.column, `includes read more than ${INCLUDED_TOKEN_BUDGET} tokens in this header`);
    stack.push(found.path);
    run(lexed.tokens, found.path);
    stack.pop();
  }

  function run(tokens: Token[], file: string): void {
    const groups: Group[] = [];
    const fail = (at: Token, problem: string): never => {
      throw new HeaderError(file, at.line, at.column, problem);
    };
    // A group is only ever active inside an active one, so the innermost group says it for all.
    const active = () => groups.length === 0 || groups[groups.length - 1].active;

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
      return evaluate(expanded, end, macroContext(file, local, known, predefined, budget)) !== 0n;
    }

    for (const t of tokens) {
      if (t.kind !== 'directive') {
        if (t.kind === 'eof') {
          if (stack.length === 1) out.push(t);
        } else if (active()) out.push(t);
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
        if (word === 'include') {
          readFile(t, file, rest);
          continue;
        }
        if (word === 'pragma' && rest[0]?.text === 'once') inclusion.once.add(file);
        out.push(t);
      }
    }
    if (groups.length) fail(groups[groups.length - 1].open, `#${groups[groups.length - 1].open.body?.[0]?.text} without #endif`);
  }

  run(tokens, file);
  return { tokens: out, comments };
}

/** The macro of a classic include guard: the file is `#ifndef X` … `#endif` and nothing outside them. */
function includeGuard(tokens: Token[]): string | undefined {
  const first = tokens[0];
  const name = first?.kind === 'directive' && first.body?.[0]?.text === 'ifndef' && first.body.length === 2 ? first.body[1].text : undefined;
  if (name === undefined) return undefined;
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    const word = tokens[k].kind === 'directive' ? tokens[k].body?.[0]?.text : undefined;
    if (word === 'if' || word === 'ifdef' || word === 'ifndef') depth++;
    else if ((word === 'else' || word === 'elif') && depth === 1) return undefined; // something is read when X is defined
    else if (word === 'endif' && --depth === 0) return tokens.slice(k + 1).every((t) => t.kind === 'eof') ? name : undefined;
  }
  return undefined;
}

/**
 * In #if, a macro stands for its value, and a name nobody defined is 0 (as C says). A macro named
 * inside its own expansion is not expanded again, so it is 0 there too. Every body expanded is
 * charged to the header's budget.
 */
function macroContext(file: string, local: LocalMacros, known: KnownMacros, predefined: Map<string, bigint>, budget: { left: number }): ExpressionContext {
  const expanding = new Set<string>();
  const context: ExpressionContext = {
    constant(name, at, nesting) {
      if (!local.has(name)) return predefined.get(name) ?? known.value(name) ?? 0n;
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
