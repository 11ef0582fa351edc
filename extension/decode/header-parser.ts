/**
 * Reads the declarations Slotpipe needs from a C header: structs and unions (plain and typedef'd,
 * nested, anonymous, arrays of them), bit fields, enums, typedefs of scalar types, `#define` integer
 * constants, `#if` groups, `#include`s and the `#pragma pack` forms MSVC and gcc share, for a target
 * (x64, x86, arm64). Anything it cannot lay out exactly (flexible arrays, alignment attributes) is an
 * error at its file:line:column; declarations that are not types (function prototypes, variables) are
 * listed as skipped.
 */
import { DEFAULT_ARCH, type Arch } from '../core/arch';
import { lexHeader, type Token } from './c-lexer';
import { includeActiveGroups } from './conditional-inclusion';
import type { HeaderFiles } from './includes';
import { findUnionTags } from './tags';
import { describe, evaluate, truncate, type ExpressionContext } from './constant-expression';
import { HeaderError, HeaderLimitError } from './header-error';
import { bitFieldUnit, layoutStruct, PACK_VALUES, sizeOf, typeName, type CType, type EnumMember, type FieldSpec, type StructLayout } from './layout';
import { canonicalKeywordType, isInteger, isSigned, pointerTo, primitiveNamed, SCALAR_SIZE, TYPE_KEYWORDS, type Primitive } from './primitives';
import { errorMessage } from '../core/error-message';

export interface ConstantDef {
  value: bigint;
  origin: string;
}

/** Everything known so far: earlier headers' declarations are visible to later ones, as with #include. */
export interface TypeScope {
  constants: Map<string, ConstantDef>;
  /** `#define`s whose value is not an integer (strings, macros): named in errors when used as one. */
  otherDefines: Map<string, string>;
  typedefs: Map<string, CType>;
  structTags: Map<string, StructLayout>;
  enumTags: Map<string, CType>;
  /** The target every type is laid out for. */
  arch: Arch;
  /** Files that said `#pragma once`. */
  once: Set<string>;
}

export function emptyScope(arch: Arch = DEFAULT_ARCH): TypeScope {
  return { constants: new Map(), otherDefines: new Map(), typedefs: new Map(), structTags: new Map(), enumTags: new Map(), arch, once: new Set() };
}

export function cloneScope(scope: TypeScope): TypeScope {
  return {
    constants: new Map(scope.constants),
    otherDefines: new Map(scope.otherDefines),
    typedefs: new Map(scope.typedefs),
    structTags: new Map(scope.structTags),
    enumTags: new Map(scope.enumTags),
    arch: scope.arch,
    once: new Set(scope.once),
  };
}

export interface ParsedHeader {
  /** Structs defined by this header, in the order they were completed. */
  structs: StructLayout[];
  /** Declarations that are not types or constants (function prototypes, variables), one line each. */
  skipped: string[];
}

/** Larger arrays or structs are almost certainly a mistake and would make decoding pointless. */
const MAX_TYPE_SIZE = 1 << 24;
/** Levels of structs and array dimensions in one type: views and the decoder go one call deeper per level. */
export const MAX_TYPE_DEPTH = 64;
const typeDepths = new WeakMap<StructLayout, number>();

function typeDepth(type: CType): number {
  if (type.kind === 'array') return 1 + typeDepth(type.element);
  if (type.kind !== 'struct') return 0;
  let depth = typeDepths.get(type.layout);
  if (depth === undefined) {
    depth = 1 + type.layout.fields.reduce((deepest, f) => Math.max(deepest, typeDepth(f.type)), 0);
    typeDepths.set(type.layout, depth);
  }
  return depth;
}
const QUALIFIERS = new Set(['const', 'volatile', 'CONST', '__unaligned', 'UNALIGNED', '__restrict', 'restrict', 'register', 'static']);
const UNSUPPORTED_ATTRIBUTES: Record<string, string> = {
  __declspec: '__declspec(...) is not supported (alignment or storage attributes change the layout)',
  __attribute__: '__attribute__((...)) is not supported; use #pragma pack for packing',
  _Alignas: '_Alignas is not supported',
  alignas: 'alignas is not supported',
  DECLSPEC_ALIGN: 'DECLSPEC_ALIGN is not supported',
};

/** Where a field's type came from: a real type, or a struct known only by its tag (pointers only). */
type BaseType = { type: CType; incomplete?: undefined } | { type?: undefined; incomplete: string };

interface Declarator {
  name: Token;
  pointers: number;
  dims: number[];
  /** `: width` of a bit field, with where the width was written. */
  bitWidth?: { width: number; at: Token };
}

/** `files` reads what `#include "x.h"` names; without it only the SDK headers Slotpipe knows can be included. */
export function parseHeader(source: string, file: string, scope: TypeScope, files?: HeaderFiles): ParsedHeader {
  return new HeaderParser(source, file, scope, files).parse();
}

/** The names the Windows SDK gives anonymous members when the compiler allows them (it does here). */
const DUMMY_MEMBER_NAME = /^DUMMY(STRUCT|UNION)NAME\d?$/;

class HeaderParser {
  private tokens: Token[];
  /** The first comment on each line, by file and line. */
  private comments = new Map<string, string>();
  private i = 0;
  private pack: number | undefined;
  private packStack: { id?: string; value: number | undefined }[] = [];
  private externBlocks = 0;
  /** Structs defined by this header, in the order they were completed. */
  private structs = new Set<StructLayout>();
  private skipped: string[] = [];
  private definedHere = new Map<string, string>();
  /** `typedef struct _X X;` seen before `struct _X {...}`: tag → typedef names waiting for it. */
  private pendingTypedefs = new Map<string, string[]>();
  /** Enums defined by this header (a typedef may still give them their name). */
  private enumsHere = new Set<CType>();
  /** Struct bodies open around the current token. */
  private openStructs = 0;

  constructor(
    source: string,
    private file: string,
    private scope: TypeScope,
    files?: HeaderFiles,
  ) {
    const lexed = lexHeader(source, file);
    const included = includeActiveGroups(lexed.tokens, file, {
      value: (name) => scope.constants.get(name)?.value,
      defined: (name) => scope.constants.has(name) || scope.otherDefines.has(name),
    }, { arch: scope.arch, files, once: scope.once });
    this.tokens = included.tokens;
    for (const c of [...lexed.comments, ...included.comments]) {
      const key = `${c.file ?? file}\n${c.line}`;
      if (!this.comments.has(key)) this.comments.set(key, c.text);
    }
  }

  parse(): ParsedHeader {
    while (this.peek().kind !== 'eof') this.topLevel();
    return { structs: [...this.structs], skipped: this.skipped };
  }

  // ── tokens ──────────────────────────────────────────────────────────────

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private is(text: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return (t.kind === 'punct' || t.kind === 'ident') && t.text === text;
  }

  private fail(at: Token, problem: string): never {
    throw new HeaderError(at.file ?? this.file, at.line, at.column, problem);
  }

  private limit(at: Token, problem: string): never {
    throw new HeaderLimitError(at.file ?? this.file, at.line, at.column, problem);
  }

  private expect(text: string, what: string): Token {
    const t = this.next();
    if (t.text !== text || t.kind === 'eof' || t.kind === 'string') this.fail(t, `expected "${text}" ${what}, found ${describe(t)}`);
    return t;
  }

  private ident(what: string): Token {
    const t = this.next();
    if (t.kind !== 'ident') this.fail(t, `expected ${what}, found ${describe(t)}`);
    return t;
  }

  private origin(t: Token): string {
    return `${t.file ?? this.file}:${t.line}`;
  }

  // ── top level ───────────────────────────────────────────────────────────

  private topLevel(): void {
    const t = this.peek();
    if (t.kind === 'directive') {
      this.next();
      this.directive(t);
    } else if (this.is(';')) {
      this.next();
    } else if (this.is('extern') && this.peek(1).kind === 'string') {
      this.next();
      this.next();
      if (this.is('{')) {
        this.next();
        this.externBlocks++;
      }
    } else if (this.is('}') && this.externBlocks > 0) {
      this.next();
      this.externBlocks--;
    } else if (this.is('typedef')) {
      this.next();
      this.typedef();
    } else if ((this.is('struct') || this.is('enum') || this.is('union')) && (this.peek(1).text === '{' || this.peek(2).text === '{' || this.peek(2).text === ';' || this.peek(2).text === ':')) {
      this.taggedDeclaration();
    } else {
      this.skipDeclaration();
    }
  }

  /** `struct X {...};`, `struct X;`, `enum E {...};`, or with variables after the body (skipped). */
  private taggedDeclaration(): void {
    const start = this.peek();
    this.typeSpecifier('declaration');
    if (this.is(';')) this.next();
    else this.skipDeclaration(start);
  }

  /** Skips to the end of a declaration that is not a type (balanced), and records that it did. */
  private skipDeclaration(start = this.peek()): void {
    const words: string[] = [];
    let depth = 0;
    for (;;) {
      const t = this.next();
      if (t.kind === 'eof') {
        if (depth > 0 || words.length) this.fail(t, `expected ";" to end the declaration that starts at line ${start.line}, found end of file`);
        return;
      }
      if (t.kind === 'directive') {
        this.directive(t);
        continue;
      }
      if (words.length < 12) words.push(t.text);
      if (t.text === '(' || t.text === '{' || t.text === '[') depth++;
      else if (t.text === ')' || t.text === '}' || t.text === ']') {
        depth--;
        if (depth < 0) this.fail(t, `unexpected "${t.text}"`);
        if (depth === 0 && t.text === '}' && !this.is(';')) break; // a function body ends here
      } else if (t.text === ';' && depth === 0) break;
    }
    this.skipped.push(`${start.file ?? this.file}:${start.line}: ${words.join(' ')}${words.length >= 12 ? ' …' : ''} (not a type or constant)`);
  }

  // ── preprocessor ────────────────────────────────────────────────────────

  private directive(d: Token): void {
    const body = d.body ?? [];
    const name = body[0];
    if (!name) return;
    if (name.text === 'define') this.define(d, body.slice(1));
    else if (name.text === 'undef' && body[1]) {
      this.scope.constants.delete(body[1].text);
      this.scope.otherDefines.delete(body[1].text);
    } else if (name.text === 'pragma' && body[1]?.text === 'pack') this.pragmaPack(body[1], body.slice(2), d);
    // #include, #pragma once and the like change nothing Slotpipe lays out; #if groups are already resolved.
  }

  private define(d: Token, body: Token[]): void {
    const name = body[0];
    if (!name || name.kind !== 'ident') this.fail(name ?? d, `expected a macro name after #define, found ${name ? describe(name) : 'end of line'}`);
    const value = body.slice(1);
    // Include guards, feature flags and function-like macros are not constants, but #ifdef sees them.
    if (value.length === 0 || (value[0].text === '(' && !value[0].spaced)) {
      this.scope.constants.delete(name.text);
      this.scope.otherDefines.set(name.text, this.origin(name));
      return;
    }
    const end = { ...value[value.length - 1], kind: 'eof' as const, text: 'end of line' };
    try {
      const v = evaluate(value, end, this.expressionContext());
      this.scope.constants.set(name.text, { value: v, origin: this.origin(name) });
      this.scope.otherDefines.delete(name.text);
    } catch (err) {
      if (!(err instanceof HeaderError) || err instanceof HeaderLimitError) throw err;
      this.scope.constants.delete(name.text);
      this.scope.otherDefines.set(name.text, this.origin(name));
    }
  }

  private pragmaPack(at: Token, args: Token[], d: Token): void {
    if (args.length === 0) return; // "#pragma pack" alone: MSVC resets, treat the same
    if (args[0].text !== '(' || args[args.length - 1].text !== ')') this.fail(args[0], `expected "(" after #pragma pack, found ${describe(args[0])}`);
    const inner = args.slice(1, -1);
    const parts: Token[][] = [[]];
    for (const t of inner) {
      if (t.text === ',') parts.push([]);
      else parts[parts.length - 1].push(t);
    }
    const packValue = (tokens: Token[]): number => {
      // The end marker must not be one of the tokens: `pack(push, !)` would read its `!` forever.
      const end: Token = { ...(tokens.at(-1) ?? at), kind: 'eof', text: 'end of the pragma' };
      const v = Number(evaluate(tokens, end, this.expressionContext()));
      if (!PACK_VALUES.includes(v)) this.fail(tokens[0] ?? at, `#pragma pack takes 1, 2, 4, 8 or 16, got ${v}`);
      return v;
    };
    const first = parts[0];
    if (inner.length === 0) {
      this.pack = undefined;
      return;
    }
    const word = first.length === 1 ? first[0].text : '';
    if (word === 'show') return;
    if (word === 'push') {
      let id: string | undefined;
      let rest = parts.slice(1);
      if (rest[0]?.length === 1 && rest[0][0].kind === 'ident' && !this.scope.constants.has(rest[0][0].text)) {
        id = rest[0][0].text;
        rest = rest.slice(1);
      }
      if (rest.length > 1) this.fail(rest[1][0] ?? d, 'too many arguments to #pragma pack(push, ...)');
      this.packStack.push({ id, value: this.pack });
      if (rest.length === 1) this.pack = packValue(rest[0]);
      return;
    }
    if (word === 'pop') {
      let rest = parts.slice(1);
      let id: string | undefined;
      if (rest[0]?.length === 1 && rest[0][0].kind === 'ident' && !this.scope.constants.has(rest[0][0].text)) {
        id = rest[0][0].text;
        rest = rest.slice(1);
      }
      if (id !== undefined) {
        const index = this.packStack.map((e) => e.id).lastIndexOf(id);
        if (index < 0) this.fail(first[0], `#pragma pack(pop, ${id}) has no matching push with that name`);
        this.pack = this.packStack[index].value;
        this.packStack.length = index;
      } else {
        const top = this.packStack.pop();
        if (!top) this.fail(first[0], '#pragma pack(pop) without a matching #pragma pack(push)');
        this.pack = top.value;
      }
      if (rest.length === 1) this.pack = packValue(rest[0]);
      else if (rest.length > 1) this.fail(rest[1][0] ?? d, 'too many arguments to #pragma pack(pop, ...)');
      return;
    }
    if (parts.length > 1) this.fail(parts[1][0] ?? d, 'expected push or pop before "," in #pragma pack');
    this.pack = packValue(first);
  }

  private expressionContext(): ExpressionContext {
    return {
      constant: (name) => this.scope.constants.get(name)?.value,
      castType: (name) => {
        const prim = primitiveNamed(name, this.scope.arch);
        const t = this.scope.typedefs.get(name) ?? (prim ? { kind: 'primitive' as const, prim } : undefined);
        if (t?.kind !== 'primitive' || !isInteger(t.prim.scalar)) return undefined;
        return { size: SCALAR_SIZE[t.prim.scalar], signed: isSigned(t.prim.scalar) };
      },
      fail: (at, problem, limit) => {
        if (limit) this.limit(at, problem);
        const other = at.kind === 'ident' ? this.scope.otherDefines.get(at.text) : undefined;
        this.fail(at, other ? `"${at.text}" is #defined at ${other} but is not an integer constant` : problem);
      },
    };
  }

  /** Tokens up to (not including) the closing bracket, balanced. */
  private until(close: string, open: string, what: string): Token[] {
    const out: Token[] = [];
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof' || t.kind === 'directive' || (t.text === ';' && depth === 0) || t.text === '{' || t.text === '}') {
        this.fail(t, `expected "${close}" ${what}, found ${describe(t)}`);
      }
      if (t.text === close && depth === 0) return out;
      if (t.text === open) depth++;
      if (t.text === close) depth--;
      out.push(this.next());
    }
  }

  // ── types ───────────────────────────────────────────────────────────────

  private skipQualifiers(): void {
    while (this.peek().kind === 'ident' && QUALIFIERS.has(this.peek().text)) this.next();
  }

  private rejectAttributes(): void {
    const t = this.peek();
    if (t.kind === 'ident' && t.text in UNSUPPORTED_ATTRIBUTES) this.fail(t, UNSUPPORTED_ATTRIBUTES[t.text]);
  }

  /** A type specifier: `DWORD`, `unsigned long`, `struct X`, `struct X {...}`, `enum E {...}`. */
  private typeSpecifier(context: string): BaseType {
    this.skipQualifiers();
    this.rejectAttributes();
    const t = this.peek();
    if (t.kind !== 'ident') this.fail(t, `expected a type ${context}, found ${describe(t)}`);
    if (t.text === 'struct' || t.text === 'union') return this.structSpecifier();
    if (t.text === 'enum') return { type: this.enumSpecifier() };
    let type: CType;
    if (TYPE_KEYWORDS.has(t.text)) {
      const words: string[] = [];
      while (this.peek().kind === 'ident' && (TYPE_KEYWORDS.has(this.peek().text) || QUALIFIERS.has(this.peek().text))) {
        const w = this.next().text;
        if (TYPE_KEYWORDS.has(w)) words.push(w);
      }
      const name = canonicalKeywordType(words);
      if (name === 'long double') this.fail(t, 'long double is not supported (8 bytes with MSVC, 16 with gcc)');
      if (name === 'void') {
        this.skipQualifiers();
        if (!this.is('*') && !this.is('(')) this.fail(this.peek(), 'void can only be used as a pointer (void *) here');
        return { incomplete: 'void' };
      }
      const prim = primitiveNamed(name, this.scope.arch);
      if (!prim) this.fail(t, `unknown type "${words.join(' ')}"`);
      type = { kind: 'primitive', prim };
    } else {
      this.next();
      const known = this.scope.typedefs.get(t.text);
      const prim = primitiveNamed(t.text, this.scope.arch);
      if (known) type = known;
      else if (prim) type = { kind: 'primitive', prim };
      else if (t.text === 'TCHAR' || t.text === '_TCHAR') type = { kind: 'primitive', prim: { ...primitiveNamed(this.unicode() ? 'WCHAR' : 'CHAR')!, name: t.text } };
      else if (t.text === 'LPTSTR' || t.text === 'LPCTSTR' || t.text === 'PTSTR' || t.text === 'PCTSTR') type = { kind: 'primitive', prim: { ...pointerTo(this.unicode() ? 'WCHAR' : 'CHAR', this.scope.arch), name: t.text } };
      else if (t.text === 'VOID' && this.is('*')) return { incomplete: 'VOID' };
      else if ([...this.pendingTypedefs.values()].some((names) => names.includes(t.text))) return { incomplete: t.text };
      else this.fail(t, `unknown type "${t.text}" (not a Windows or C type Slotpipe knows, and not typedef'd earlier)`);
    }
    this.skipQualifiers();
    this.rejectAttributes();
    return { type };
  }

  /** TCHAR is WCHAR where UNICODE or _UNICODE is defined (as Visual Studio projects do), else CHAR. */
  private unicode(): boolean {
    const defined = (name: string) => this.scope.constants.has(name) || this.scope.otherDefines.has(name);
    return defined('UNICODE') || defined('_UNICODE');
  }

  /** `struct X {...}` or `union X {...}` (one tag namespace, as in C), or a reference to one. */
  private structSpecifier(): BaseType {
    const keyword = this.next();
    const what = keyword.text;
    this.rejectAttributes();
    const tag = this.peek().kind === 'ident' ? this.next() : undefined;
    if (!this.is('{')) {
      if (!tag) this.fail(this.peek(), `expected a ${what} name or "{" after ${what}, found ${describe(this.peek())}`);
      const known = this.scope.structTags.get(tag.text);
      if (known && (known.union === true) !== (what === 'union')) this.fail(tag, `${tag.text} is defined as a ${known.union ? 'union' : 'struct'} at ${known.origin}, not a ${what}`);
      return known ? { type: { kind: 'struct', layout: known } } : { incomplete: `${what} ${tag.text}` };
    }
    const open = this.next();
    if (++this.openStructs > MAX_TYPE_DEPTH) this.limit(open, `structs and unions nested more than ${MAX_TYPE_DEPTH} levels deep`);
    const pack = this.pack;
    const specs: FieldSpec[] = [];
    while (!this.is('}')) {
      const t = this.peek();
      if (t.kind === 'eof') this.fail(t, `expected "}" to close the ${what} opened at line ${open.line}, found end of file`);
      if (t.kind === 'directive') {
        this.next();
        if (t.body?.[0]?.text === 'pragma' && t.body[1]?.text === 'pack') this.fail(t, `#pragma pack inside a ${what} body is not supported; put it before the ${what}`);
        this.directive(t);
        continue;
      }
      if (this.is(';')) {
        this.next();
        continue;
      }
      this.member(specs);
    }
    const close = this.next();
    this.openStructs--;
    const name = tag?.text ?? `(anonymous ${what} at ${keyword.file ?? this.file}:${keyword.line})`;
    let layout: StructLayout;
    try {
      layout = layoutStruct({ name, cName: tag ? `${what} ${tag.text}` : name, aliases: tag ? [tag.text] : [], pack, origin: this.origin(keyword), union: what === 'union' }, specs);
    } catch (err) {
      return this.fail(specs.length ? close : open, errorMessage(err));
    }
    if (layout.size > MAX_TYPE_SIZE) this.fail(close, `${what} ${name} is ${layout.size} bytes; Slotpipe lays out at most ${MAX_TYPE_SIZE}`);
    if (typeDepth({ kind: 'struct', layout }) > MAX_TYPE_DEPTH) this.limit(close, `${what} ${name} nests structs, unions and arrays more than ${MAX_TYPE_DEPTH} levels deep`);
    findUnionTags(layout, (constant) => this.scope.constants.get(constant)?.value, (problem) => this.fail(open, problem), () => [...this.scope.constants.keys()]);
    if (tag) this.defineStructTag(tag, layout);
    this.structs.add(layout);
    this.skipQualifiers();
    this.rejectAttributes();
    return { type: { kind: 'struct', layout } };
  }

  private defineStructTag(tag: Token, layout: StructLayout): void {
    this.claim(tag, `struct ${tag.text}`);
    this.scope.structTags.set(tag.text, layout);
    const names = this.pendingTypedefs.get(tag.text) ?? [];
    this.pendingTypedefs.delete(tag.text);
    for (const name of names) {
      layout.aliases.push(name);
      this.scope.typedefs.set(name, { kind: 'struct', layout });
    }
    if (names.length) layout.name = layout.cName = names[0];
  }

  /** A name may be defined once per header; a later header may redefine a built-in one. */
  private claim(at: Token, what: string): void {
    const earlier = this.definedHere.get(what);
    if (earlier) this.fail(at, `${what} is already defined at ${earlier}`);
    this.definedHere.set(what, this.origin(at));
  }

  private member(specs: FieldSpec[]): void {
    const base = this.typeSpecifier('for a struct member');
    const defined = this.tokens[this.i - 1]?.text === '}';
    const anonymous = (at: Token) => {
      if (base.type?.kind !== 'struct' || !defined) this.fail(at, `expected a member name after the type, found ${describe(at)}`);
      specs.push({ name: '', type: base.type, anonymous: true, ...this.commentFor(this.tokens[this.i - 1]) });
    };
    if (this.is(';')) {
      anonymous(this.next());
      return;
    }
    if (this.peek().kind === 'ident' && DUMMY_MEMBER_NAME.test(this.peek().text) && this.is(';', 1)) {
      anonymous(this.next());
      this.next();
      return;
    }
    if (this.is(':')) {
      // An unnamed bit field: padding, or `: 0` to close the unit.
      const colon = this.peek();
      const width = this.bitWidth('(unnamed)', base);
      specs.push({ name: '', type: base.type!, bitWidth: width.width });
      const end = this.next();
      if (end.text !== ';') this.fail(end, `expected ";" after the unnamed bit field at column ${colon.column}, found ${describe(end)}`);
      return;
    }
    this.declarators('member', (d) => specs.push({
      name: d.name.text, type: this.applyDeclarator(base, d), ...this.commentFor(d.name),
      ...(d.bitWidth ? { bitWidth: d.bitWidth.width } : {}),
    }), base);
  }

  /** `: width` of a bit field of type `base`: a constant from 0 to the type's bits, checked where it is written. */
  private bitWidth(name: string, base: BaseType): { width: number; at: Token } {
    this.expect(':', 'before a bit field width');
    const at = this.peek();
    const tokens: Token[] = [];
    let depth = 0;
    while (!((this.is(',') || this.is(';')) && depth === 0)) {
      const t = this.peek();
      if (t.kind === 'eof' || t.kind === 'directive' || t.text === '{' || t.text === '}') this.fail(t, `expected ";" after the width of bit field ${name}, found ${describe(t)}`);
      if (t.text === '(') depth++;
      if (t.text === ')') depth--;
      tokens.push(this.next());
    }
    if (tokens.length === 0) this.fail(at, `expected the width of bit field ${name}`);
    const width = evaluate(tokens, this.peek(), this.expressionContext());
    const unit = base.type ? bitFieldUnit(base.type) : 'a bit field needs an integer or enum type';
    if (typeof unit === 'string') this.fail(at, `${name}: ${unit}`);
    const bits = SCALAR_SIZE[unit.scalar] * 8;
    if (width < 0n) this.fail(at, `bit field ${name} has a negative width (${width})`);
    if (width > BigInt(bits)) this.fail(at, `bit field ${name} is ${width} bits wide, more than the ${bits} bits of ${unit.name}`);
    if (width === 0n && name !== '(unnamed)') this.fail(at, `bit field ${name} has width 0; only an unnamed bit field may (": 0" closes the unit)`);
    return { width: Number(width), at };
  }

  /** `a, *b, c[2];`: each declarator in turn, then the closing ";". */
  private declarators(what: string, each: (d: Declarator) => void, bitFieldsOf?: BaseType): void {
    for (;;) {
      const d = this.declarator(what, bitFieldsOf);
      each(d);
      if (!this.is(',')) {
        const end = this.next();
        if (end.text !== ';') this.fail(end, `expected ";" after ${what} "${d.name.text}", found ${describe(end)}`);
        return;
      }
      this.next();
    }
  }

  private commentFor(name: Token): { comment?: string } {
    const same = this.comments.get(`${name.file ?? this.file}\n${name.line}`);
    return same !== undefined ? { comment: same } : {};
  }

  /** `*name`, `name[4][2]`, `(*name)(...)`, and `name : width` where bit fields may be (`bitFieldsOf` given). */
  private declarator(what: string, bitFieldsOf?: BaseType): Declarator {
    let pointers = 0;
    this.skipQualifiers();
    while (this.is('*')) {
      this.next();
      pointers++;
      this.skipQualifiers();
    }
    this.rejectAttributes();
    let name: Token;
    if (this.is('(')) {
      this.next();
      this.skipQualifiers();
      if (this.peek().kind === 'ident' && /^(WINAPI|CALLBACK|__stdcall|__cdecl|APIENTRY)$/.test(this.peek().text)) this.next();
      this.expect('*', 'for a function pointer');
      name = this.ident(`a ${what} name`);
      this.expect(')', `after the function pointer name "${name.text}"`);
      this.expect('(', `for the parameters of function pointer "${name.text}"`);
      this.until(')', '(', `to close the parameters of "${name.text}"`);
      this.next();
      return { name, pointers: 1, dims: [] };
    }
    name = this.ident(`a ${what} name`);
    const dims: number[] = [];
    while (this.is('[')) {
      const open = this.next();
      const tokens = this.until(']', '[', `to close the array size of "${name.text}"`);
      const close = this.next();
      if (tokens.length === 0) this.fail(close, `flexible array member ${name.text}[] is not supported (its size is not fixed)`);
      const length = evaluate(tokens, close, this.expressionContext());
      if (length <= 0n) this.fail(open, `array ${name.text} has size ${length}; a fixed size of at least 1 is needed`);
      if (length > BigInt(MAX_TYPE_SIZE)) this.fail(open, `array ${name.text} has ${length} elements; at most ${MAX_TYPE_SIZE} are supported`);
      if (dims.length === MAX_TYPE_DEPTH) this.limit(open, `array ${name.text} has more than ${MAX_TYPE_DEPTH} dimensions`);
      dims.push(Number(length));
    }
    if (this.is('(')) this.fail(this.peek(), `function declarations cannot be ${what}s ("${name.text}(...)")`);
    if (this.is(':')) {
      if (!bitFieldsOf) this.fail(this.peek(), `a bit field ("${name.text} : ...") can only be a struct or union member`);
      if (pointers || dims.length) this.fail(this.peek(), `bit field ${name.text} cannot be a pointer or an array`);
      return { name, pointers, dims, bitWidth: this.bitWidth(name.text, bitFieldsOf) };
    }
    return { name, pointers, dims };
  }

  private applyDeclarator(base: BaseType, d: Declarator): CType {
    let type: CType;
    if (d.pointers > 0) {
      const target = base.type ? typeName(base.type) : base.incomplete;
      type = { kind: 'primitive', prim: pointerTo(target + ' *'.repeat(d.pointers - 1), this.scope.arch) };
    } else if (base.type) {
      type = base.type;
    } else {
      return this.fail(d.name, base.incomplete === 'void' || base.incomplete === 'VOID'
        ? `"${d.name.text}" cannot have type void`
        : `${base.incomplete} is not defined before "${d.name.text}" (only a pointer to it can be used here)`);
    }
    for (let k = d.dims.length - 1; k >= 0; k--) type = { kind: 'array', element: type, length: d.dims[k] };
    if (typeDepth(type) > MAX_TYPE_DEPTH) this.limit(d.name, `"${d.name.text}" nests structs and arrays more than ${MAX_TYPE_DEPTH} levels deep`);
    if (sizeOf(type) > MAX_TYPE_SIZE) this.fail(d.name, `"${d.name.text}" is ${sizeOf(type)} bytes; at most ${MAX_TYPE_SIZE} are supported`);
    return type;
  }

  private enumSpecifier(): CType {
    const keyword = this.next();
    const tag = this.peek().kind === 'ident' ? this.next() : undefined;
    let base: Primitive = primitiveNamed('int', this.scope.arch)!;
    if (this.is(':')) {
      this.next();
      const underlying = this.typeSpecifier('after "enum ... :"');
      if (underlying.type?.kind !== 'primitive' || !isInteger(underlying.type.prim.scalar)) this.fail(keyword, 'an enum needs an integer underlying type');
      base = underlying.type.prim;
    }
    if (!this.is('{')) {
      if (!tag) this.fail(this.peek(), `expected an enum name or "{" after enum, found ${describe(this.peek())}`);
      const known = this.scope.enumTags.get(tag.text);
      if (!known) this.fail(tag, `enum ${tag.text} is not defined before it is used`);
      return known;
    }
    this.next();
    const members: EnumMember[] = [];
    let value = -1n;
    while (!this.is('}')) {
      const name = this.ident('an enum member name');
      if (this.is('=')) {
        this.next();
        const tokens: Token[] = [];
        let depth = 0;
        while (!((this.is(',') || this.is('}')) && depth === 0)) {
          const t = this.peek();
          if (t.kind === 'eof' || t.kind === 'directive' || t.text === ';') this.fail(t, `expected "," or "}" after the value of ${name.text}, found ${describe(t)}`);
          if (t.text === '(') depth++;
          if (t.text === ')') depth--;
          tokens.push(this.next());
        }
        value = evaluate(tokens, this.peek(), this.expressionContext());
      } else {
        value += 1n;
      }
      value = truncate(value, SCALAR_SIZE[base.scalar], isSigned(base.scalar) || value < 0n);
      members.push({ name: name.text, value });
      this.scope.constants.set(name.text, { value, origin: this.origin(name) });
      if (this.is(',')) this.next();
      else if (!this.is('}')) this.fail(this.peek(), `expected "," or "}" after enum member ${name.text}, found ${describe(this.peek())}`);
    }
    this.next();
    const type: CType = { kind: 'enum', name: tag?.text ?? `(anonymous enum at ${keyword.file ?? this.file}:${keyword.line})`, base, members };
    if (tag) {
      this.claim(tag, `enum ${tag.text}`);
      this.scope.enumTags.set(tag.text, type);
    }
    this.enumsHere.add(type);
    return type;
  }

  // ── typedef ─────────────────────────────────────────────────────────────

  private typedef(): void {
    const base = this.typeSpecifier('after typedef');
    let named = false;
    this.declarators('typedef', (d) => {
      if (!base.type && d.pointers === 0 && d.dims.length === 0 && /^(struct|union) /.test(base.incomplete)) {
        // `typedef struct _X X;` before _X is complete: X names the struct once it is defined.
        const tag = base.incomplete.replace(/^(struct|union) /, '');
        this.claim(d.name, d.name.text);
        this.pendingTypedefs.set(tag, [...(this.pendingTypedefs.get(tag) ?? []), d.name.text]);
        return;
      }
      let type = this.applyDeclarator(base, d);
      if (type.kind === 'primitive') type = { kind: 'primitive', prim: { ...type.prim, name: d.name.text } };
      else if (type.kind === 'struct' && d.dims.length === 0) {
        const layout = type.layout;
        if (!layout.aliases.includes(d.name.text)) layout.aliases.push(d.name.text);
        // The first plain typedef name of a struct defined here is the name people use.
        if (!named && this.structs.has(layout)) {
          layout.name = d.name.text;
          layout.cName = d.name.text;
          named = true;
        }
      } else if (type.kind === 'enum' && d.dims.length === 0 && !named && this.enumsHere.has(type)) {
        type.name = d.name.text;
        named = true;
      }
      this.claim(d.name, d.name.text);
      this.scope.typedefs.set(d.name.text, type);
    });
  }
}
