/**
 * The traffic panel speaks the display language: with every string of l10n/bundle.l10n.json
 * pseudo-translated (each wrapped in ⟦ ⟧) and handed to the page as the extension host does, no text a
 * person sees or hears in the panel (text, tooltips, placeholders, accessible names) is left in English.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from './code-server';
import { openPanelHarness } from './panel-harness';
import { launchBrowser } from './workbench';

interface Harness {
  appendFrom(watcher: { id: string; endpoint: string; decode: string }, bytes: number[], peer?: { pid?: number; image?: string; connection?: number }): void;
  exchange(connection: number, direction: 'in' | 'out', text: string): void;
  connection(connection: number, connected: boolean): void;
}
declare const slotpipeHarness: Harness;

const english = JSON.parse(fs.readFileSync(path.join(repoRoot, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string | { message: string }>;
const pseudo = Object.fromEntries(Object.keys(english).map((key) => {
  const message = typeof english[key] === 'string' ? english[key] : english[key].message;
  return [key, `⟦${message}⟧`];
}));

describe('traffic panel in the display language', { timeout: 120_000 }, () => {
  let browser: Browser;
  let page: Page;

  before(async () => {
    browser = await launchBrowser();
    page = (await openPanelHarness(browser, pseudo)).page;
  });

  after(async () => {
    await browser?.close();
  });

  /**
   * The words in every text node and every tooltip, placeholder and accessible name of the panel that are
   * not in ⟦ ⟧: each must be data (`data`, the direction codes in/out, pid, units), else it was not translated.
   * Decoded content (summaries, text, fields, hex, the decoders' problems) is data throughout.
   */
  const untranslated = (data: string[]) => page.evaluate((data) => {
    const decoded = '.sp-hexdump, .sp-text, .sp-fields, .sp-problem, option, .sp-row .sp-cell:nth-child(6)';
    const found: string[] = [];
    const walker = document.createTreeWalker(document.getElementById('app')!, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) {
        if (!node.parentElement?.closest(decoded)) found.push(node.textContent ?? '');
      } else for (const name of ['title', 'placeholder', 'aria-label']) found.push((node as Element).getAttribute(name) ?? '');
    }
    const allowed = new Set(['in', 'out', 'pid', 'ms', 'p50', 'p99']);
    return found.flatMap((text) => {
      let rest = text.replace(/⟦[^⟧]*⟧/g, ' ');
      for (const item of [...data].sort((a, b) => b.length - a.length)) rest = rest.split(item).join(' ');
      return (rest.match(/[A-Za-z][A-Za-z0-9]+/g) ?? []).filter((word) => !allowed.has(word)).map((word) => `${word} in "${text}"`);
    });
  }, data);

  it('shows the toolbar, the table and the empty detail in the bundle\'s words', async () => {
    await page.getByRole('button', { name: '⟦Pause⟧' }).waitFor();
    assert.deepEqual(await untranslated([]), []);
  });

  it('shows a message, its detail and the conversations in the bundle\'s words', async () => {
    const watcher = { id: 'pipe', endpoint: '\\\\.\\pipe\\ssnp', decode: 'auto' };
    await page.evaluate((watcher) => {
      slotpipeHarness.connection(1, true);
      slotpipeHarness.exchange(1, 'in', 'hello');
      slotpipeHarness.exchange(1, 'out', 'world');
      slotpipeHarness.appendFrom(watcher, [0x68, 0x69]);
    }, watcher);
    await page.locator('.sp-rows .sp-row', { hasText: 'hello' }).click();
    await page.locator('.sp-reason').waitFor();
    await page.getByRole('button', { name: '⟦Conversations⟧' }).click();
    await page.locator('.sp-conv-row').first().click();
    await page.locator('.sp-pair').first().waitFor();
    // Data: endpoints, message text, decoder names and peer images are not words to translate.
    const data = ['\\\\.\\pipe\\ssnp', 'client.exe'];
    assert.deepEqual(await untranslated(data), []);
  });
});
