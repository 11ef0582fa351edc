/**
 * Input repeated in an error message: in quotes, controls escaped (a name may hold terminal escape
 * sequences), and cut to a readable length with the full size said, so a 120 KB argument gives a
 * one-line error.
 */
import { escapeText } from './escape';

/** Characters of the input an error shows at most. */
export const QUOTED_LENGTH = 60;

/** `"abc"`, or `"abcd…" (120,000 characters)` when it is longer than `max`. */
export function quoteInput(text: string, max = QUOTED_LENGTH): string {
  if (text.length <= max) return `"${escapeText(text, true)}"`;
  return `"${escapeText(text.slice(0, max), true)}…" (${text.length.toLocaleString('en-US')} characters)`;
}

/** Names from outside (socket files, pipes, peers) for one line of a terminal or a tree: controls escaped. */
export function displayName(name: string): string {
  return escapeText(name, true);
}
