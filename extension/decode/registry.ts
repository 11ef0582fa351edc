/**
 * The structs Slotpipe can decode for one target (x64, x86, arm64): the built-in ones plus those read
 * from the user's headers. Headers are added in order and see each other's constants and types, as if
 * #included.
 */
import { DEFAULT_ARCH, type Arch } from '../core/arch';
import { BUILTIN_HEADER, BUILTIN_HEADER_NAME } from './builtins';
import { HeaderError } from './header-error';
import { cloneScope, emptyScope, parseHeader, type TypeScope } from './header-parser';
import type { HeaderFiles } from './includes';
import type { StructLayout } from './layout';
import { findMagic, type Constants } from './magic';
import { sameLayout } from './same-layout';

export interface HeaderSummary {
  /** The structs the header defined, by the name people use. */
  structs: string[];
  /** Declarations that are not types or constants (function prototypes, variables), noted not lost. */
  skipped: string[];
}

/** What a registry holds, as plain data a worker thread can post (structured clone keeps shared layouts shared). */
export interface RegistrySnapshot {
  scope: TypeScope;
  byName: Map<string, StructLayout>;
  layouts: StructLayout[];
}

/** Where a macro given with `define` (a setting, `--define`) is said to come from. */
const DEFINED_OUTSIDE = '(defined outside the headers)';

export class StructRegistry {
  private scope: TypeScope;
  private byName = new Map<string, StructLayout>();
  /** In definition order; a redefined struct moves to the end (a Set keeps both cheap for 40,000 structs). */
  private layouts = new Set<StructLayout>();
  private ordered: StructLayout[] | undefined;

  constructor(arch: Arch = DEFAULT_ARCH) {
    this.scope = emptyScope(arch);
  }

  /** The target the layouts are for. */
  get arch(): Arch {
    return this.scope.arch;
  }

  static withBuiltins(arch: Arch = DEFAULT_ARCH): StructRegistry {
    const registry = new StructRegistry(arch);
    registry.addHeader(BUILTIN_HEADER_NAME, BUILTIN_HEADER);
    return registry;
  }

  /**
   * Macros defined before any header, as a compiler's `/D` does: `UNICODE` (TCHAR is WCHAR then),
   * `NAME=VALUE` for an integer constant. Throws naming the definition when it is not NAME or NAME=integer.
   */
  define(definitions: readonly string[]): void {
    for (const definition of definitions) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(-?(?:0[xX][0-9A-Fa-f]+|\d+)))?$/.exec(definition.trim());
      if (!m) throw new Error(`"${definition}" is not NAME or NAME=integer`);
      const [, name, value] = m;
      if (value === undefined) this.scope.otherDefines.set(name, DEFINED_OUTSIDE);
      else this.scope.constants.set(name, { value: value.startsWith('-') ? -BigInt(value.slice(1)) : BigInt(value), origin: DEFINED_OUTSIDE });
    }
  }

  static fromSnapshot(snapshot: RegistrySnapshot): StructRegistry {
    const registry = new StructRegistry();
    registry.scope = snapshot.scope;
    registry.byName = snapshot.byName;
    registry.layouts = new Set(snapshot.layouts);
    return registry;
  }

  snapshot(): RegistrySnapshot {
    return { scope: this.scope, byName: this.byName, layouts: [...this.layouts] };
  }

  /**
   * Parses a header and adds its structs, enums and constants, laid out for `arch` when given (else the
   * registry's target). `files` reads what it #includes. All or nothing: on a HeaderError
   * (file:line:column and what was expected) the registry is unchanged. A user header may redefine a
   * built-in struct; two user headers may only define the same name with the same layout.
   */
  addHeader(fileName: string, source: string, files?: HeaderFiles, arch?: Arch): HeaderSummary {
    const scope = cloneScope(this.scope);
    // A header of a program built for another target keeps that target's layouts here.
    if (arch) scope.arch = arch;
    const parsed = parseHeader(source, fileName, scope, files);
    scope.arch = this.scope.arch;
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
    const constants = magicConstants(scope);
    for (const layout of named) {
      const magic = findMagic(layout, constants);
      if (magic) layout.magic = magic;
    }
    this.scope = scope;
    for (const layout of named) {
      for (const alias of layout.aliases) {
        const earlier = this.byName.get(alias);
        if (earlier) this.layouts.delete(earlier);
        this.byName.set(alias, layout);
      }
      this.layouts.delete(layout);
      this.layouts.add(layout);
    }
    this.ordered = undefined;
    return { structs: named.map((l) => l.name), skipped: parsed.skipped };
  }

  /** By typedef name or tag, e.g. `MS_MESSAGE` or `_MS_MESSAGE_`. */
  get(name: string): StructLayout | undefined {
    const layout = this.byName.get(name);
    return layout && this.layouts.has(layout) ? layout : undefined;
  }

  /** The name of every struct, built-in ones first, in the order they were defined. */
  names(): string[] {
    return this.layoutsInOrder().map((l) => l.name);
  }

  layoutsInOrder(): readonly StructLayout[] {
    this.ordered ??= [...this.layouts];
    return this.ordered;
  }

  /** A `#define` or enum value by name. */
  constant(name: string): bigint | undefined {
    return this.scope.constants.get(name)?.value;
  }
}

/** The scope's constants as magic detection asks for them, with `*_ID` names indexed by their endings once per header. */
function magicConstants(scope: TypeScope): Constants {
  let byEnding: Map<string, string[]> | undefined;
  return {
    value: (name) => scope.constants.get(name)?.value,
    idsEndingWith(word) {
      if (!byEnding) {
        const index = new Map<string, string[]>();
        for (const name of scope.constants.keys()) {
          if (!name.endsWith('_ID')) continue;
          const add = (ending: string) => (index.get(ending)?.push(name) ?? index.set(ending, [name]));
          // The name and each ending after an underscore: PING_MSG_ID, MSG_ID, ID.
          add(name);
          for (let at = name.indexOf('_'); at >= 0; at = name.indexOf('_', at + 1)) add(name.slice(at + 1));
        }
        byEnding = index;
      }
      return byEnding.get(word) ?? [];
    },
  };
}
