/**
 * The user's headers as one set, as the host hands them to the panel: their texts in order, the files
 * they `#include` (as read where the headers were read) and the include path. decode/header-set.ts
 * builds a registry for a target from it.
 */
import type { Arch } from './arch';

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
  /** Macros defined before the headers (`slotpipe.defines`): `UNICODE`, `NAME=VALUE`. */
  defines: string[];
}

export const EMPTY_HEADER_SET: HeaderSet = { headers: [], included: [], includePath: [], defines: [] };
