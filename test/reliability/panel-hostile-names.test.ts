// Markup and script payloads where the panel shows something other than message bytes: C struct
// string fields, endpoint names and peer image names. In headless Chromium under the panel's real CSP
// (test/e2e/panel-harness): the text shows as text, and nothing runs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openPanelHarness, type PanelHarness } from '../e2e/panel-harness';
import { launchBrowser } from '../e2e/workbench';

interface Harness {
  appendFrom(watcher: { id: string; endpoint: string; decode: string }, bytes: number[], peer?: { pid?: number; image?: string; connection?: number }): void;
  setHeaders(headers: { fileName: string; source: string }[]): void;
}
declare const slotpipeHarness: Harness;

const chromium = process.env.SLOTPIPE_CHROMIUM ?? '/usr/bin/chromium';
const skip = fs.existsSync(chromium) ? false : `Chromium is not installed at ${chromium} (apt-get install chromium, or npm run setup)`;

const STRUCT_PAYLOAD = '<img src=x onerror="window.slotpipeXss=11">';
const ENDPOINT = '\\\\.\\pipe\\<svg onload="window.slotpipeXss=12">';
// The panel shows the image's file name: markup without slashes, so all of it is shown.
const IMAGE = 'C:\\tools\\<img src=x onerror=window.slotpipeXss=13><b>bold.exe';
const HEADER = 'typedef struct { char name[64]; unsigned int port; } HOSTILE_MSG;\n';

describe('markup in struct strings, endpoint names and peer images', { skip, timeout: 120_000 }, () => {
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

  it('shows them as text and runs none of them', async () => {
    const bytes = [...Buffer.from(STRUCT_PAYLOAD.padEnd(64, '\0'), 'latin1'), 0x8a, 0, 0, 0];
    await page.evaluate(({ header, bytes, endpoint, image }) => {
      slotpipeHarness.setHeaders([{ fileName: 'hostile.h', source: header }]);
      slotpipeHarness.appendFrom({ id: 'hostile', endpoint, decode: 'struct:HOSTILE_MSG' }, bytes, { pid: 4242, image, connection: 1 });
    }, { header: HEADER, bytes, endpoint: ENDPOINT, image: IMAGE });
    const row = page.locator('.sp-rows .sp-row:not([hidden])', { hasText: 'svg onload' });
    await row.waitFor();
    await row.click();
    await page.locator('.sp-fields', { hasText: 'name' }).waitFor();
    const rowText = await row.innerText();
    const detail = await page.locator('.sp-detail').innerText();
    assert.ok(rowText.includes('<svg onload="window.slotpipeXss=12">'), `the endpoint as text in the row: ${rowText}`);
    assert.ok(detail.includes(STRUCT_PAYLOAD), `the struct string as text in the detail: ${detail}`);
    assert.ok(rowText.includes('4242 <img src=x onerror=window.slotpipeXss=13><b>bold.exe'), `the peer image as text: ${rowText}`);
    const state = await page.evaluate(() => ({
      xss: (window as unknown as { slotpipeXss?: number }).slotpipeXss,
      markup: document.querySelectorAll('#app img, #app script, #app svg[onload], #app b').length,
      handlers: [...document.querySelectorAll('*')].filter((node) => [...node.attributes].some((a) => a.name.startsWith('on'))).length,
    }));
    assert.deepEqual(state, { xss: undefined, markup: 0, handlers: 0 });
    assert.deepEqual(harness.console.filter((line) => /pageerror|Content Security Policy|Refused/.test(line)), []);
  });
});
