/**
 * The traffic panel's webview at scale, in headless Chromium under its real CSP: a million rows,
 * filters over all of them, pause, auto-scroll. Timings are reported as diagnostics, never asserted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openPanelHarness, type PanelHarness } from './panel-harness';
import { launchBrowser, waitForCount } from './workbench';

interface Harness {
  append(count: number): void;
  appendBytes(bytes: number[]): void;
  resize(capacity: number): void;
  togglePause(): void;
  readonly following: boolean;
  readonly rowRequests: number;
  appendFrom(watcher: { id: string; endpoint: string; decode: string }, bytes: number[], peer?: { pid?: number; image?: string; connection?: number }): void;
  setHeaders(headers: { fileName: string; source: string }[]): void;
}
declare const slotpipeHarness: Harness;

const ROWS = 1_000_000;

describe('traffic panel webview at scale', { timeout: 300_000 }, () => {
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

  /** Text of the visible, loaded rows' summary cells. */
  const summaries = () => page.locator('.sp-rows .sp-row:not([hidden]):not(.sp-loading) .sp-cell:nth-child(6)').allInnerTexts();

  it('holds a million rows with only the visible ones in the DOM', async (t) => {
    const started = Date.now();
    await page.evaluate((rows) => slotpipeHarness.append(rows), ROWS);
    await page.locator('.sp-status', { hasText: '1,000,000 messages' }).waitFor();
    await page.locator('.sp-rows .sp-row:not([hidden]):not(.sp-loading)', { hasText: 'seq=1000000' }).waitFor();
    t.diagnostic(`1,000,000 rows logged and the newest shown in ${Date.now() - started} ms; webview bundle ${harness.webviewBytes} bytes minified`);
    const inDom = await page.locator('.sp-row').count();
    assert.ok(inDom < 60, `${inDom} row elements in the DOM`);
    assert.equal(await page.locator('.sp-button.sp-active', { hasText: 'Follow' }).count(), 1);
    const chart = await page.locator('.sp-chart canvas').getAttribute('aria-label');
    assert.match(chart!, /peak [1-9]\d*/, `the rate chart counted the messages: ${chart}`);
  });

  it('reaches the first, a middle and the last row', async () => {
    const scroller = page.locator('.sp-scroller');
    await scroller.focus();
    await page.keyboard.press('Home');
    await page.locator('.sp-rows .sp-row.sp-selected', { hasText: 'seq=0000001' }).waitFor();
    assert.equal((await summaries())[0], 'seq=0000001');
    await scroller.evaluate((node) => (node.scrollTop = (node.scrollHeight - node.clientHeight) / 2));
    await page.waitForFunction(() => document.querySelectorAll('.sp-rows .sp-row.sp-loading:not([hidden])').length === 0 && document.querySelector('.sp-rows .sp-row:not([hidden]) .sp-cell:nth-child(6)')?.textContent !== 'seq=0000001');
    const middle = Number((await summaries())[0].slice(4));
    assert.ok(Math.abs(middle - ROWS / 2) < 100, `top row at half-way is seq ${middle}`);
    await page.keyboard.press('End');
    await page.locator('.sp-rows .sp-row.sp-selected', { hasText: 'seq=1000000' }).waitFor();
    assert.equal((await summaries()).at(-1), 'seq=1000000');
  });

  it('jumps and scrolls through the million rows (timings as diagnostics)', async (t) => {
    const jumps = await page.evaluate(async () => {
      const scroller = document.querySelector<HTMLElement>('.sp-scroller')!;
      const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
      const settled = async () => {
        while (document.querySelector('.sp-rows .sp-row.sp-loading:not([hidden])')) await frame();
      };
      const max = scroller.scrollHeight - scroller.clientHeight;
      const started = performance.now();
      for (let i = 0; i < 100; i++) {
        scroller.scrollTop = ((i * 7919) % 100) / 100 * max;
        await frame();
        await settled();
      }
      return (performance.now() - started) / 100;
    });
    // A page of fresh rows every frame: each frame fetches, decodes and draws rows it never drew before.
    const frames = await page.evaluate(async () => {
      const scroller = document.querySelector<HTMLElement>('.sp-scroller')!;
      scroller.scrollTop = 0;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const times: number[] = [];
      let placeholderFrames = 0;
      let last = performance.now();
      for (let i = 0; i < 300; i++) {
        scroller.scrollTop += scroller.clientHeight;
        await new Promise((resolve) => requestAnimationFrame(resolve));
        if (document.querySelector('.sp-rows .sp-row.sp-loading:not([hidden])')) placeholderFrames++;
        const now = performance.now();
        times.push(now - last);
        last = now;
      }
      const rowsPerFrame = Math.floor(scroller.clientHeight / 22);
      const total = times.reduce((a, b) => a + b, 0);
      times.sort((a, b) => a - b);
      return { median: times[150], p95: times[285], rowsPerSecond: (300 * rowsPerFrame) / (total / 1000), placeholderFrames };
    });
    t.diagnostic(`random jump to a fresh part of 1,000,000 rows, fetched and drawn: ${jumps.toFixed(1)} ms on average`);
    t.diagnostic(`paging a viewport per frame: frame interval median ${frames.median.toFixed(1)} ms, p95 ${frames.p95.toFixed(1)} ms, ${Math.round(frames.rowsPerSecond)} fresh rows drawn/s, ${frames.placeholderFrames} of 300 frames showed rows still loading`);
    assert.equal(await page.locator('.sp-rows .sp-row.sp-loading:not([hidden])').count(), 0, 'every visible row is drawn once scrolling stops');
    assert.ok(await page.locator('.sp-row').count() < 60);
  });

  it('filters a million rows on the host and shows the matches only', async (t) => {
    const filter = page.locator('.sp-filter');
    const started = Date.now();
    await filter.fill('seq=0999');
    await filter.press('Enter');
    await page.locator('.sp-status', { hasText: '1,000 of 1,000,000 messages' }).waitFor();
    t.diagnostic(`text filter over 1,000,000 messages applied in ${Date.now() - started} ms`);
    await page.locator('.sp-scroller').focus();
    await page.keyboard.press('Home');
    await page.locator('.sp-rows .sp-row.sp-selected', { hasText: 'seq=0999000' }).waitFor();
    await page.keyboard.press('End');
    await page.locator('.sp-rows .sp-row.sp-selected', { hasText: 'seq=0999999' }).waitFor();
    await filter.fill('');
    await filter.press('Enter');
    await page.locator('.sp-status', { hasText: /^1,000,000 messages/ }).waitFor();
  });

  it('pauses: the view freezes, new rows are counted, resume shows them', async () => {
    await page.locator('.sp-scroller').focus();
    await page.keyboard.press('End');
    await page.waitForFunction(() => slotpipeHarness.following);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.waitForFunction(() => !slotpipeHarness.following); // the host learns the paused view wants no newest rows
    await page.evaluate(() => slotpipeHarness.append(25));
    await page.locator('.sp-new', { hasText: '25 new' }).waitFor();
    await page.locator('.sp-status', { hasText: '1,000,025 messages' }).waitFor();
    assert.equal((await summaries()).at(-1), 'seq=1000000', 'the frozen view still ends where it was paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.locator('.sp-rows .sp-row:not([hidden]):not(.sp-loading)', { hasText: 'seq=1000025' }).waitFor();
    assert.equal(await page.locator('.sp-new').isHidden(), true);
    // The Pause/Resume Traffic command reaches the view the same way.
    await page.evaluate(() => slotpipeHarness.togglePause());
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    await page.evaluate(() => slotpipeHarness.togglePause());
    await page.getByRole('button', { name: 'Pause' }).waitFor();
  });

  it('stops following when scrolled up, and follows again at the bottom', async () => {
    const scroller = page.locator('.sp-scroller');
    await scroller.evaluate((node) => (node.scrollTop = node.scrollHeight));
    await page.locator('.sp-button.sp-active', { hasText: 'Follow' }).waitFor();
    await page.mouse.move(600, 300);
    await page.mouse.wheel(0, -2000);
    await page.locator('.sp-button:not(.sp-active)', { hasText: 'Follow' }).waitFor();
    const before = (await summaries())[0];
    await page.evaluate(() => slotpipeHarness.append(100));
    await page.locator('.sp-status', { hasText: '1,000,125 messages' }).waitFor();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    assert.equal((await summaries())[0], before, 'the rows in view stay put while not following');
    await page.getByRole('button', { name: 'Follow' }).click();
    await page.locator('.sp-rows .sp-row:not([hidden]):not(.sp-loading)', { hasText: 'seq=1000125' }).waitFor();
  });

  it('shows markup in message bytes as text and runs none of it', async () => {
    const payload = '<img src=x onerror="window.slotpipeXss=1"><script>window.slotpipeXss=2</script>';
    await page.locator('.sp-scroller').focus();
    await page.keyboard.press('End');
    await page.evaluate((bytes) => slotpipeHarness.appendBytes(bytes), [...Buffer.from(payload)]);
    const row = page.locator('.sp-rows .sp-row:not([hidden])', { hasText: 'onerror' });
    await row.click();
    await page.locator('.sp-text', { hasText: payload }).waitFor();
    assert.equal(await page.locator('.sp-text').innerText(), payload);
    assert.deepEqual(await page.evaluate(() => ({
      xss: (window as unknown as { slotpipeXss?: number }).slotpipeXss,
      markup: document.querySelectorAll('#app img, #app script').length,
    })), { xss: undefined, markup: 0 });
    assert.deepEqual(harness.console.filter((line) => /error|violat/i.test(line)), []);
  });

  it('counts and shows the messages the log dropped', async () => {
    await page.evaluate(() => slotpipeHarness.resize(1000));
    await page.locator('.sp-status.sp-warning', { hasText: '1,000 messages · 999,126 dropped' }).waitFor();
    await page.locator('.sp-scroller').focus();
    await page.keyboard.press('Home');
    // 1,000,126 messages were logged so far: the oldest of the newest 1,000 is seq 999,127.
    await page.locator('.sp-rows .sp-row.sp-selected', { hasText: 'seq=0999127' }).waitFor();
    assert.equal((await summaries())[0], 'seq=0999127');
  });

  it('clears the view and keeps counting', async () => {
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.locator('.sp-status', { hasText: /^0 messages/ }).waitFor();
    await waitForCount(page.locator('.sp-rows .sp-row:not([hidden])'), 0);
    await page.evaluate(() => slotpipeHarness.append(3));
    await page.locator('.sp-rows .sp-row:not([hidden])', { hasText: 'seq=1000129' }).waitFor();
  });

  it('shows markup in struct strings, endpoint names and peer image names as text and runs none of it', async () => {
    const structString = '<img src=x onerror="window.slotpipeXss=11">';
    const endpoint = '\\\\.\\pipe\\<svg onload="window.slotpipeXss=12">';
    // The panel shows the image's file name: markup without slashes, so all of it is shown.
    const image = 'C:\\tools\\<img src=x onerror=window.slotpipeXss=13><b>bold.exe';
    const header = 'typedef struct { char name[64]; unsigned int port; } HOSTILE_MSG;\n';
    const bytes = [...Buffer.from(structString.padEnd(64, '\0'), 'latin1'), 0x8a, 0, 0, 0];
    await page.evaluate((args) => {
      slotpipeHarness.setHeaders([{ fileName: 'hostile.h', source: args.header }]);
      slotpipeHarness.appendFrom({ id: 'hostile', endpoint: args.endpoint, decode: 'struct:HOSTILE_MSG' }, args.bytes, { pid: 4242, image: args.image, connection: 1 });
    }, { header, bytes, endpoint, image });
    const row = page.locator('.sp-rows .sp-row:not([hidden])', { hasText: 'svg onload' });
    await row.click();
    await page.locator('.sp-fields', { hasText: 'name' }).waitFor();
    const rowText = await row.innerText();
    assert.ok(rowText.includes('<svg onload="window.slotpipeXss=12">'), `the endpoint as text in the row: ${rowText}`);
    assert.ok(rowText.includes('4242 <img src=x onerror=window.slotpipeXss=13><b>bold.exe'), `the peer image as text in the row: ${rowText}`);
    assert.ok((await page.locator('.sp-fields').innerText()).includes(structString), 'the struct string as text in the fields');
    assert.deepEqual(await page.evaluate(() => ({
      xss: (window as unknown as { slotpipeXss?: number }).slotpipeXss,
      markup: document.querySelectorAll('#app img, #app script, #app svg[onload], #app b').length,
      handlers: [...document.querySelectorAll('*')].filter((node) => [...node.attributes].some((a) => a.name.startsWith('on'))).length,
    })), { xss: undefined, markup: 0, handlers: 0 });
    assert.deepEqual(harness.console.filter((line) => /error|violat/i.test(line)), []);
  });

  it('while following, new rows come with the announcement: drawing them asks the host for nothing', async () => {
    if (!(await page.evaluate(() => slotpipeHarness.following))) await page.getByRole('button', { name: 'Follow' }).click();
    await page.waitForFunction(() => slotpipeHarness.following);
    const requests = await page.evaluate(() => slotpipeHarness.rowRequests);
    await page.evaluate((bytes) => slotpipeHarness.appendBytes(bytes), [...Buffer.from('sent with the announcement')]);
    await page.locator('.sp-rows .sp-row:not([hidden]):not(.sp-loading)', { hasText: 'sent with the announcement' }).waitFor();
    assert.equal(await page.evaluate(() => slotpipeHarness.rowRequests), requests);
  });
});
