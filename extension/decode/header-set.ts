/**
 * The user's headers as one set: their texts in order, the files they `#include` (as read where the
 * headers were read) and the include path. A registry for any target is built from it, so a view
 * that shows messages of x86 and x64 peers side by side lays out each with its own pointer size.
 */
import type { Arch } from '../core/arch';
import { filesFromMap } from './includes';
import { StructRegistry } from './registry';

export interface HeaderSource {
  /** The name the settings give (shown in problems). */
  fileName: string;
  /** Where the header is, for `#include "x.h"` beside it (the file name when not given). */
  path?: string;
  /** The target this header's programs were built for, whatever the view's. */
  arch?: Arch;
  source: string;
}

export interface HeaderSet {
  headers: HeaderSource[];
  /** Every file the headers #included, by the path it was found at. */
  included: { path: string; source: string }[];
  includePath: string[];
}

export const EMPTY_HEADER_SET: HeaderSet = { headers: [], included: [], includePath: [] };

/** The built-ins plus every header that parses for `arch`; the others are named in `problems`. */
export function registryFor(set: HeaderSet, arch: Arch): { registry: StructRegistry; problems: string[] } {
  const registry = StructRegistry.withBuiltins(arch);
  const files = filesFromMap(new Map(set.included.map((f) => [f.path, f.source])), set.includePath);
  const problems: string[] = [];
  for (const header of set.headers) {
    try {
      registry.addHeader(header.path ?? header.fileName, header.source, files, header.arch);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  return { registry, problems };
}
