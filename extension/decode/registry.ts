/**
 * The structs Slotpipe can decode: the built-in ones plus those read from the user's headers.
 * Headers are added in order and see each other's constants and types, as if #included.
 */
import { BUILTIN_HEADER, BUILTIN_HEADER_NAME } from './builtins';
import { HeaderError } from './header-error';
import { cloneScope, emptyScope, parseHeader, type TypeScope } from './header-parser';
import type { StructLayout } from './layout';
import { findMagic } from './magic';
import { sameLayout } from './same-layout';

export interface HeaderSummary {
  /** The structs the header defined, by the name people use. */
  structs: string[];
  /** Declarations that are not types or constants (function prototypes, variables), noted not lost. */
  skipped: string[];
}

export class StructRegistry {
  private scope: TypeScope = emptyScope();
  private byName = new Map<string, StructLayout>();
  private layouts: StructLayout[] = [];

  static withBuiltins(): StructRegistry {
    const registry = new StructRegistry();
    registry.addHeader(BUILTIN_HEADER_NAME, BUILTIN_HEADER);
    return registry;
  }

  /**
   * Parses a header and adds its structs, enums and constants. All or nothing: on a HeaderError
   * (file:line:column and what was expected) the registry is unchanged. A user header may redefine a
   * built-in struct; two user headers may only define the same name with the same layout.
   */
  addHeader(fileName: string, source: string): HeaderSummary {
    const scope = cloneScope(this.scope);
    const parsed = parseHeader(source, fileName, scope);
    const named = parsed.structs.filter((layout) => !layout.name.startsWith('(anonymous'));
    for (const layout of named) {
      for (const alias of layout.aliases) {
        const earlier = this.byName.get(alias);
        if (earlier && !earlier.origin?.startsWith(BUILTIN_HEADER_NAME) && !sameLayout(earlier, layout)) {
          const line = Number(/:(\d+)$/.exec(layout.origin ?? '')?.[1] ?? 1);
          throw new HeaderError(fileName, line, 1, `struct ${alias} is already defined at ${earlier.origin} with a different layout`);
        }
      }
    }
    for (const layout of named) {
      const magic = findMagic(layout, { value: (name) => scope.constants.get(name)?.value, names: () => scope.constants.keys() });
      if (magic) layout.magic = magic;
    }
    this.scope = scope;
    for (const layout of named) {
      for (const alias of layout.aliases) {
        const earlier = this.byName.get(alias);
        if (earlier) this.layouts = this.layouts.filter((l) => l !== earlier);
        this.byName.set(alias, layout);
      }
      this.layouts = this.layouts.filter((l) => l !== layout);
      this.layouts.push(layout);
    }
    return { structs: named.map((l) => l.name), skipped: parsed.skipped };
  }

  /** By typedef name or tag, e.g. `MS_MESSAGE` or `_MS_MESSAGE_`. */
  get(name: string): StructLayout | undefined {
    const layout = this.byName.get(name);
    return layout && this.layouts.includes(layout) ? layout : undefined;
  }

  /** The name of every struct, built-in ones first, in the order they were defined. */
  names(): string[] {
    return this.layouts.map((l) => l.name);
  }

  layoutsInOrder(): readonly StructLayout[] {
    return this.layouts;
  }

  /** A `#define` or enum value by name. */
  constant(name: string): bigint | undefined {
    return this.scope.constants.get(name)?.value;
  }
}
