/**
 * The Conversations steps of a person's path through the traffic panel, for any test that has put
 * request/reply traffic over a pipe into the panel: open the Conversations pane, find the endpoint's
 * connection, wait for its pairs, pick it, and read the round-trip times of its pairs. Picking it
 * filters the table to `conn:N`, which is checked to show the connection's messages, both directions.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { panelLocator, waitForCount } from './workbench';

export interface ConversationExpectation {
  /** Text the conversation's Endpoint cell contains (e.g. the pipe's name). */
  endpoint: string;
  /** Pairs it must reach. */
  pairs: number;
  /** Every round trip is at least this long (e.g. a peer that pauses before answering). */
  minRttMs?: number;
  timeoutMs?: number;
}

export interface SeenConversation {
  id: number;
  /** Each pair's round-trip time in ms, in the order they were exchanged. */
  rtts: number[];
  /** The table's rows while it shows this conversation: `in` / `out`, in order. */
  directions: string[];
}

const COLUMN = { id: 0, endpoint: 1, pairs: 7, p50: 8, p99: 9 } as const;

/** Panel open (Show Traffic) → Conversations → the endpoint's connection → its pairs and messages. */
export async function checkConversation(page: Page, expected: ConversationExpectation): Promise<SeenConversation> {
  const timeout = expected.timeoutMs ?? 60_000;
  const panel = panelLocator(page);
  const toggle = panel.locator('.sp-toolbar .sp-button', { hasText: 'Conversations' });
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  const row = panel.locator('.sp-conv-list tr.sp-conv-row', { hasText: expected.endpoint }).last();
  await row.locator('td').nth(COLUMN.pairs).filter({ hasText: new RegExp(`^${expected.pairs}$`) }).waitFor({ timeout });
  const cells = await row.locator('td').allInnerTexts();
  const id = Number(cells[COLUMN.id]);
  assert.ok(id >= 1, `a conversation number in ${cells.join(' | ')}`);
  assert.match(cells[COLUMN.p50], /^\d[\d.]* m?s$/, 'p50 shown');
  assert.match(cells[COLUMN.p99], /^\d[\d.]* m?s$/, 'p99 shown');

  await row.click();
  assert.equal(await panel.locator('.sp-filter').inputValue(), `conn:${id}`, 'picking a conversation filters the table to it');
  await panel.locator('.sp-pairs-head', { hasText: `Conversation ${id}` }).waitFor({ timeout });
  const pairRows = panel.locator('.sp-pairs tr.sp-pair:not(.sp-waiting)');
  await waitForCount(pairRows, expected.pairs, timeout);
  const rtts: number[] = [];
  for (const cells of await Promise.all((await pairRows.all()).map((r) => r.locator('td').allInnerTexts()))) {
    rtts.push(parseDuration(cells[cells.length - 1]));
  }
  for (const rtt of rtts) assert.ok(rtt >= (expected.minRttMs ?? 0), `round trip ${rtt} ms ≥ ${expected.minRttMs} ms (all: ${rtts.join(', ')})`);

  const tableRows = panel.locator('.sp-rows .sp-row:not([hidden]):not(.sp-loading)');
  await tableRows.first().waitFor({ timeout });
  const directions = (await Promise.all((await tableRows.all()).map((r) => r.locator('.sp-cell').nth(2).innerText()))).map((d) => d.trim());
  assert.ok(directions.includes('in') && directions.includes('out'), `both directions in the conversation's messages: ${directions.join(' ')}`);
  return { id, rtts, directions };
}

/** `0.412 ms`, `12.5 ms`, `1.25 s` → ms. */
function parseDuration(text: string): number {
  const match = /^([\d.]+) (ms|s)$/.exec(text.trim());
  assert.ok(match, `a duration: "${text}"`);
  return Number(match[1]) * (match[2] === 's' ? 1000 : 1);
}
