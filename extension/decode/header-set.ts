/**
 * A registry for any target from the user's header set (core/header-set.ts), so a view that shows
 * messages of x86 and x64 peers side by side lays out each with its own pointer size.
 */
import type { Arch } from '../core/arch';
import { errorMessage } from '../core/error-message';
import type { HeaderSet } from '../core/header-set';
import { filesFromMap } from './includes';
import { StructRegistry } from './registry';

/** The built-ins plus every header that parses for `arch`; the others are named in `problems`. */
export function registryFor(set: HeaderSet, arch: Arch): { registry: StructRegistry; problems: string[] } {
  const registry = StructRegistry.withBuiltins(arch);
  const problems: string[] = [];
  try {
    registry.define(set.defines);
  } catch (error) {
    problems.push(`slotpipe.defines: ${errorMessage(error)}`);
  }
  const files = filesFromMap(new Map(set.included.map((f) => [f.path, f.source])), set.includePath);
  for (const header of set.headers) {
    try {
      registry.addHeader(header.path ?? header.fileName, header.source, files, header.arch);
    } catch (error) {
      problems.push(errorMessage(error));
    }
  }
  return { registry, problems };
}
