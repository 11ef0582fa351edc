/** What the main thread and the header worker (header-worker.ts) send each other. */
import type { HeaderSummary, RegistrySnapshot } from '../decode/index';

/** workerData: header files in the order they are added, as read from disk. */
export interface HeaderJob {
  headers: { fileName: string; bytes: Uint8Array }[];
}

/** One header's outcome: its text and summary, or the problem that left it out. */
export type HeaderOutcome =
  | { fileName: string; source: string; summary: HeaderSummary; problem?: undefined }
  | { fileName: string; problem: string; source?: undefined };

export type HeaderReport =
  /** Sent before each header, so a header that runs out of time can be named. */
  | { type: 'parsing'; index: number }
  | { type: 'done'; outcomes: HeaderOutcome[]; snapshot: RegistrySnapshot };
