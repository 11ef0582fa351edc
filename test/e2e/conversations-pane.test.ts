/**
 * The Conversations pane of the panel's webview in headless Chromium under its real CSP, against the
 * real TrafficLog, Conversations and PanelResponder (panel-harness): connections with their pairs and
 * percentiles, a waiting request flagged once it is overdue, picking one (table filtered to conn:N),
 * and many connections listed within bounds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openPanelHarness, type PanelHarness } from './panel-harness';
import { launchBrowser, waitForCount } from './workbench';

interface Harness {
  exchange(connection: number, direction: 'in' | 'out', text: string, time?: number): void;
  connection(connection: number, connected: boolean, time?: number): void;
}
declare const slotpipeHarness: Harness;

describe('Conversations pane', { timeout: 300_000 }, () => {
  let browser: Browser;
  let harness: PanelHarness;
  let page: Page;

  before(async () => {
    browser = await launchBrowser();
    harness = await openPanelHarness(browser);
    page = harness.page;
  });

  after(async () => {
    await browser?.close();
  });

  it('lists each connection with its client, messages each way, pairs and round-trip percentiles', async () => {
    await page.evaluate(() => {
      const t = Date.now() - 10_000;
      slotpipeHarness.connection(1, true, t);
      slotpipeHarness.exchange(1, 'in', 'GET /a', t + 1);
      slotpipeHarness.exchange(1, 'out', '200 a', t + 6);
      slotpipeHarness.exchange(1, 'in', 'GET /b', t + 10);
      slotpipeHarness.exchange(1, 'out', '200 b', t + 35);
      slotpipeHarness.connection(1, false, t + 40);
      slotpipeHarness.connection(2, true, t + 50);
      slotpipeHarness.exchange(2, 'in', 'GET /slow', t + 60);
    });
    await page.locator('.sp-toolbar .sp-button', { hasText: 'Conversations' }).click();
    const rows = page.locator('.sp-conv-list tr.sp-conv-row');
    await waitForCount(rows, 2);
    const first = await rows.nth(0).locator('td').allInnerTexts();
    assert.deepEqual([first[0], first[2], first[5], first[6], first[7], first[8], first[9]], ['1', 'pid 5001 client.exe', '2', '2', '2', '5.0 ms', '25.0 ms']);
    assert.notEqual(first[4], 'open', 'the disconnect time is shown');
    const second = await rows.nth(1).locator('td').allInnerTexts();
    assert.equal(second[4], 'open');
    assert.match(second[10], /^waiting \d/, 'the unanswered request is shown waiting');
    await page.locator('.sp-conv-list tr.sp-conv-row.sp-overdue').waitFor();
    assert.match(await rows.nth(1).getAttribute('title') ?? '', /unanswered for more than 2\.00 s \(slotpipe\.unansweredAfterMs\)/);
    assert.equal(await rows.nth(0).getAttribute('class'), 'sp-conv-row', 'an answered connection is not flagged');
  });

  it('picking a connection lists its pairs with both timestamps and filters the table to it', async () => {
    await page.locator('.sp-conv-list tr.sp-conv-row', { hasText: '5001' }).click();
    assert.equal(await page.locator('.sp-filter').inputValue(), 'conn:1');
    await page.locator('.sp-status', { hasText: '4 of 5 messages' }).waitFor();
    const pairs = page.locator('.sp-pairs tr.sp-pair');
    await waitForCount(pairs, 2);
    const cells = await pairs.nth(1).locator('td').allInnerTexts();
    assert.equal(cells[0], '#3 in');
    assert.equal(cells[3], '#4 out');
    assert.match(cells[1], /^\d\d:\d\d:\d\d\.\d{3}$/);
    assert.match(cells[4], /^\d\d:\d\d:\d\d\.\d{3}$/);
    assert.equal(cells[6], '25.0 ms');
    assert.match(await page.locator('.sp-pairs-head').innerText(), /^Conversation 1 · \\\\\.\\pipe\\ssnp · pid 5001 client\.exe · 2 pairs · p50 5\.0 ms · p99 25\.0 ms/);
    const directions = await page.locator('.sp-rows .sp-row:not([hidden]):not(.sp-loading) .sp-cell:nth-child(3)').allInnerTexts();
    assert.deepEqual(directions, ['in', 'out', 'in', 'out']);
    // Picking it again lets go of the filter.
    await page.locator('.sp-conv-list tr.sp-conv-row', { hasText: '5001' }).click();
    await page.locator('.sp-status', { hasText: /^5 messages/ }).waitFor();
    assert.equal(await page.locator('.sp-filter').inputValue(), '');
  });

  it('a waiting request of the picked connection is the last row, flagged', async () => {
    await page.locator('.sp-filter').fill('conn:2');
    await page.locator('.sp-filter').press('Enter');
    await page.locator('.sp-pairs tr.sp-waiting.sp-overdue').waitFor();
    const cells = await page.locator('.sp-pairs tr.sp-waiting td').allInnerTexts();
    assert.equal(cells[0], '#5 in');
    assert.match(cells[4], /^waiting \d/);
  });

  it('many connections: the newest 500 are listed, with the total', async (t) => {
    const started = Date.now();
    await page.evaluate(() => {
      const t0 = Date.now();
      for (let c = 10; c < 3010; c++) {
        slotpipeHarness.exchange(c, 'in', 'q', t0);
        slotpipeHarness.exchange(c, 'out', 'r', t0 + 1);
      }
    });
    await page.locator('.sp-conv-head', { hasText: '3,002 connections (newest 500 shown)' }).waitFor();
    t.diagnostic(`3,000 connections logged and listed in ${Date.now() - started} ms`);
    assert.equal(await page.locator('.sp-conv-list tr.sp-conv-row').count(), 500);
    assert.deepEqual(harness.console.filter((line) => /error/i.test(line)), []);
  });
});
