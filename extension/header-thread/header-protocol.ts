/** What the main thread and the header worker (header-worker.ts) send each other. */
import type { Arch } from '../core/arch';
import type { HeaderSummary, RegistrySnapshot } from '../decode/index';

/** workerData: header files in the order they are added, as read from disk, and how to lay them out. */
export interface HeaderJob {
  /** `path`: where the header is on disk, for its `#include "x.h"` (the file name when not given). */
  headers: { fileName: string; path?: string; arch?: Arch; bytes: Uint8Array }[];
  /** Absolute folders searched for `#include "x.h"` after the including file's own. */
  includePath?: string[];
  arch?: Arch;
  /** Macros defined before the headers (checked by the settings: NAME or NAME=integer). */
  defines?: string[];
}

/** One header's outcome: its text and summary, or the problem that left it out. */
export type HeaderOutcome =
  | { fileName: string; source: string; summary: HeaderSummary; problem?: undefined }
  | { fileName: string; problem: string; source?: undefined };

export type HeaderReport =
  /** Sent before each header, so a header that runs out of time can be named. */
  | { type: 'parsing'; index: number }
  /** `included`: every file the headers #included, as read (the webview parses the headers again with them). */
  | { type: 'done'; outcomes: HeaderOutcome[]; snapshot: RegistrySnapshot; included: { path: string; source: string }[] };
