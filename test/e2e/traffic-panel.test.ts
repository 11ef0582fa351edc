/**
 * A person's path through Slotpipe in a real workbench (code-server + Chromium, the packaged .vsix):
 * palette → Add Watcher (a pipe; on Linux a Unix socket) → Show Traffic → traffic sent by a separate
 * process (the slotpipe CLI) appears → select → hex and struct fields → filter → Export Capture →
 * and message bytes that look like markup stay text and run nothing.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { codeServerInstalled } from './code-server';
import { slotpipeSend } from './sender';
import { answerQuickInput, panelFrame, panelLocator, runCommand, waitForCount } from './workbench';
import { openSession, waitUntil, type WorkbenchSession } from './workbench-session';

const suffix = randomBytes(4).toString('hex');
const pipeName = `slotpipe-e2e-panel-${suffix}`;
const endpoint = `\\\\.\\pipe\\${pipeName}`;
const IMG_PAYLOAD = '<img src=x onerror="window.slotpipeXss=1;alert(1)">';
const SCRIPT_PAYLOAD = '<script>window.slotpipeXss=2</script>';
const STEP_TIMEOUT = 60_000;

describe('traffic panel in a real workbench', { skip: codeServerInstalled() ? false : 'code-server is not installed (node scripts/setup.mjs test)', timeout: 600_000 }, () => {
  let session: WorkbenchSession;
  let page: Page;

  before(async () => {
    session = await openSession({ area: 'panel' });
    page = session.page;
  });

  after(async () => {
    await session?.close();
  });

  it('adds and starts a pipe watcher from the palette', async () => {
    await runCommand(page, 'Slotpipe: Add Watcher');
    await answerQuickInput(page, 'Add Watcher', endpoint);
    await answerQuickInput(page, 'decoder', 'auto', { expectRow: 'auto' });
    const socket = path.join(session.pipeDir, `CoreFxPipe_${pipeName}`);
    await waitUntil(() => fs.existsSync(socket), `the watcher's socket ${socket}`, session);
  });

  it('shows traffic sent by another process', async () => {
    await runCommand(page, 'Slotpipe: Show Traffic');
    const panel = panelLocator(page);
    await panel.locator('.sp-toolbar').waitFor({ timeout: STEP_TIMEOUT });
    const env = { TMPDIR: session.pipeDir };
    await slotpipeSend([endpoint, '--struct', 'MS_MESSAGE', '--set', 'ipStr=192.168.1.20', '--set', 'port=5000'], env);
    await slotpipeSend([endpoint, 'hello from the e2e test'], env);
    await slotpipeSend([endpoint, IMG_PAYLOAD], env);
    await slotpipeSend([endpoint, SCRIPT_PAYLOAD], env);
    await panel.locator('.sp-status', { hasText: '4 messages' }).waitFor({ timeout: STEP_TIMEOUT });
    const rows = panel.locator('.sp-rows .sp-row:not([hidden]):not(.sp-loading)');
    await waitForCount(rows, 4);
    assert.match(await rows.nth(0).innerText(), /MS_MESSAGE/);
    assert.match(await rows.nth(1).innerText(), /hello from the e2e test/);
    assert.match(await rows.nth(0).innerText(), new RegExp(pipeName));
    assert.equal(await panel.locator('.sp-banner').isHidden(), true, 'no protocol error was shown');
  });

  it('shows the hex dump and the struct fields of the selected message', async () => {
    const panel = panelLocator(page);
    await panel.locator('.sp-rows .sp-row', { hasText: 'MS_MESSAGE' }).click();
    const fields = panel.locator('.sp-fields');
    await fields.waitFor();
    const text = await fields.innerText();
    for (const expected of ['msg_id', '0xaabbccdd', 'ipStr', '192.168.1.20', 'port', '5000', '0x0004', '0x001c']) {
      assert.ok(text.includes(expected), `struct table shows ${expected}:\n${text}`);
    }
    const hex = await panel.locator('.sp-hexdump').innerText();
    assert.match(hex, /^00000000 {2}dd cc bb aa 31 39 32 2e/);
    assert.match(await panel.locator('.sp-reason').innerText(), /MS_MESSAGE/);
  });

  it('copies the selected message as a C array and as hex', async () => {
    const panel = panelLocator(page);
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    await panel.getByRole('button', { name: 'Copy C array' }).click();
    await waitUntil(async () => (await clipboard()).startsWith('const unsigned char message_1[32] = {'), 'the C array on the clipboard');
    assert.match(await clipboard(), /^ {4}0xdd, 0xcc, 0xbb, 0xaa, 0x31, 0x39, 0x32, 0x2e,/m);
    await panel.getByRole('button', { name: 'Copy hex' }).click();
    await waitUntil(async () => (await clipboard()).startsWith('dd cc bb aa 31 39 32 2e'), 'the hex on the clipboard');
    assert.equal((await clipboard()).split('\n').length, 2);
  });

  it('filters by text and by hex bytes', async () => {
    const panel = panelLocator(page);
    const filter = panel.locator('.sp-filter');
    await filter.fill('hello');
    await filter.press('Enter');
    await panel.locator('.sp-status', { hasText: '1 of 4 messages' }).waitFor({ timeout: STEP_TIMEOUT });
    const rows = panel.locator('.sp-rows .sp-row:not([hidden]):not(.sp-loading)');
    await waitForCount(rows, 1);
    assert.match(await rows.first().innerText(), /hello from the e2e test/);
    await filter.fill('hex:ddccbbaa');
    await filter.press('Enter');
    await panel.locator('.sp-rows .sp-row:not([hidden])', { hasText: 'MS_MESSAGE' }).waitFor({ timeout: STEP_TIMEOUT });
    await waitForCount(rows, 1);
    await filter.fill('hex:abc');
    await filter.press('Enter');
    await panel.locator('.sp-filter-error', { hasText: 'odd number of digits' }).waitFor({ timeout: STEP_TIMEOUT });
    await filter.fill('');
    await filter.press('Enter');
    await panel.locator('.sp-status', { hasText: /^4 messages/ }).waitFor({ timeout: STEP_TIMEOUT });
    await waitForCount(rows, 4);
  });

  it('shows markup in message bytes as text and runs none of it', async () => {
    const panel = panelLocator(page);
    const imgRow = panel.locator('.sp-rows .sp-row', { hasText: 'onerror' });
    await imgRow.click();
    await panel.locator('.sp-text').waitFor();
    assert.equal(await panel.locator('.sp-text').innerText(), IMG_PAYLOAD);
    assert.match(await imgRow.innerText(), /<img src=x onerror=/);
    await panel.locator('.sp-rows .sp-row', { hasText: '<script>' }).click();
    await panel.locator('.sp-text', { hasText: SCRIPT_PAYLOAD }).waitFor();
    const frame = await panelFrame(page);
    const state = await frame.evaluate(() => ({
      xss: (window as unknown as { slotpipeXss?: number }).slotpipeXss,
      // Inside the panel's own tree: no element made from message bytes, and no inline handler anywhere.
      markup: document.querySelectorAll('#app img, #app script').length,
      handlers: [...document.querySelectorAll('*')].filter((node) => [...node.attributes].some((a) => a.name.startsWith('on'))).length,
      scriptsNamingThePayload: [...document.scripts].filter((script) => script.textContent?.includes('slotpipeXss')).length,
    }));
    assert.deepEqual(state, { xss: undefined, markup: 0, handlers: 0, scriptsNamingThePayload: 0 });
    assert.equal(await page.evaluate(() => (window as unknown as { slotpipeXss?: number }).slotpipeXss), undefined);
    assert.deepEqual(session.dialogs, []);
  });

  it('exports the capture to a file that holds what was sent', async () => {
    const target = path.join(session.workspace, `export-${suffix}.jsonl`);
    await runCommand(page, 'Slotpipe: Export Capture');
    await answerQuickInput(page, 'Export Capture', target, { prefilled: true });
    await waitUntil(() => fs.existsSync(target) && fs.readFileSync(target, 'utf8').trim().split('\n').length === 4, () => `the export ${target} (the workspace holds: ${fs.readdirSync(session.workspace).join(', ')})`, session);
    const lines = fs.readFileSync(target, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const texts = lines.map((line) => Buffer.from(String(line.hex), 'hex').toString('utf8'));
    assert.equal(texts[1], 'hello from the e2e test');
    assert.equal(texts[2], IMG_PAYLOAD);
    assert.equal(texts[3], SCRIPT_PAYLOAD);
    assert.equal(Buffer.from(String(lines[0].hex), 'hex').readUInt32LE(0), 0xaabbccdd);
    for (const line of lines) assert.equal(line.endpoint, endpoint);
  });

  it('switches the decoder for one message, and for its watcher (saved in the settings)', async () => {
    const panel = panelLocator(page);
    const helloRow = panel.locator('.sp-rows .sp-row', { hasText: 'hello from the e2e test' });
    await helloRow.click();
    await panel.locator('.sp-text', { hasText: 'hello from the e2e test' }).waitFor();
    await panel.locator('.sp-detail-controls select').first().selectOption('hex');
    await panel.locator('.sp-reason', { hasText: 'Decoded as hex' }).waitFor();
    const helloHex = Buffer.from('hello').toString('hex').replace(/(..)(?!$)/g, '$1 ');
    await panel.locator('.sp-rows .sp-row', { hasText: helloHex }).waitFor();
    await panel.locator('.sp-rows .sp-row', { hasText: 'MS_MESSAGE' }).click();
    await panel.locator('.sp-detail-controls select').nth(1).selectOption('utf16');
    await panel.locator('.sp-reason', { hasText: 'Decoded as utf16' }).waitFor();
    const settingsFiles = [
      path.join(session.work, 'code-server', 'user-data', 'User', 'settings.json'),
      path.join(session.workspace, '.vscode', 'settings.json'),
    ];
    const saved = () => settingsFiles.some((file) => fs.existsSync(file) && /"decode":\s*"utf16"/.test(fs.readFileSync(file, 'utf8')));
    await waitUntil(saved, 'the watcher decoder in the settings', session);
    await panel.locator('.sp-detail-controls select').nth(1).selectOption('auto');
    await panel.locator('.sp-reason', { hasText: 'Decoded as struct:MS_MESSAGE' }).waitFor();
  });

  it('pauses and resumes from the palette: capture continues, the view waits', async () => {
    const panel = panelLocator(page);
    const rows = panel.locator('.sp-rows .sp-row:not([hidden]):not(.sp-loading)');
    await runCommand(page, 'Slotpipe: Pause/Resume Traffic');
    await panel.getByRole('button', { name: 'Resume' }).waitFor();
    await slotpipeSend([endpoint, 'sent while paused'], { TMPDIR: session.pipeDir });
    await panel.locator('.sp-new', { hasText: '1 new' }).waitFor({ timeout: STEP_TIMEOUT });
    await panel.locator('.sp-status', { hasText: /^5 messages/ }).waitFor();
    assert.equal(await rows.count(), 4);
    await runCommand(page, 'Slotpipe: Pause/Resume Traffic');
    await panel.getByRole('button', { name: 'Pause' }).waitFor();
    await waitForCount(rows, 5);
    assert.match(await rows.nth(4).innerText(), /sent while paused/);
  });

  /** What the extension's output channel said about restoring the panel. */
  function restoredLog(): string {
    const logs = fs.readdirSync(session.work, { recursive: true, encoding: 'utf8' }).filter((file) => /Slotpipe\.log$/.test(file));
    const lines = logs.flatMap((file) => fs.readFileSync(path.join(session.work, file), 'utf8').split('\n').filter((line) => /traffic panel restored/.test(line)));
    return lines.length ? lines.join(' | ') : `the output channel says nothing of a restored panel (${logs.length} Slotpipe logs)`;
  }

  /**
   * Developer: Reload Window; resolves with the restored panel once it shows `filter` in its filter box
   * and the new extension host's watcher listens again.
   */
  async function reloadWindow(filter: string): Promise<FrameLocator> {
    // Wait for the new page, not the old one still on screen while the reload begins.
    const reloaded = page.waitForEvent('load', { timeout: 120_000 });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    await page.locator('.monaco-workbench').waitFor({ timeout: STEP_TIMEOUT });
    const restored = panelLocator(page);
    await restored.locator('.sp-toolbar').waitFor({ timeout: STEP_TIMEOUT });
    // The restored state is applied once the webview has loaded it; poll rather than read once.
    let shown = '';
    let problem = '';
    await waitUntil(async () => {
      shown = await restored.locator('.sp-filter').inputValue({ timeout: 5_000 }).catch((error: Error) => ((problem = error.message.split('\n')[0]), ''));
      return shown === filter;
    }, () => `the restored filter "${filter}" (shows "${shown}"${problem ? `; last error: ${problem}` : ''}; ${restoredLog()})`, session);
    // The new extension host starts the watcher again.
    const socket = path.join(session.pipeDir, `CoreFxPipe_${pipeName}`);
    await waitUntil(() => fs.existsSync(socket), `the watcher's socket ${socket} after the reload`, session);
    return restored;
  }

  it('comes back after a window reload with its filter', async () => {
    const panel = panelLocator(page);
    const filter = panel.locator('.sp-filter');
    await filter.fill('endpoint:e2e-panel');
    await filter.press('Enter');
    await panel.locator('.sp-status', { hasText: '5 of 5 messages' }).waitFor({ timeout: STEP_TIMEOUT });
    // The webview saved its state (setState) when the filter was submitted, before the host answered.
    const restored = await reloadWindow('endpoint:e2e-panel');
    // The watcher's traffic shows in the restored panel.
    await retry(() => slotpipeSend([endpoint, 'after the reload'], { TMPDIR: session.pipeDir }));
    await restored.locator('.sp-rows .sp-row', { hasText: 'after the reload' }).waitFor({ timeout: STEP_TIMEOUT });
  });

  it('comes back with a filter changed just before the reload, and applies it', async () => {
    const filter = panelLocator(page).locator('.sp-filter');
    await filter.fill('kept across');
    await filter.press('Enter');
    // No wait for the host to answer or the rows to change: the reload follows the change at once.
    const restored = await reloadWindow('kept across');
    // The restored filter is the host's too: of two messages only the matching one shows.
    await retry(() => slotpipeSend([endpoint, 'not this one'], { TMPDIR: session.pipeDir }));
    await retry(() => slotpipeSend([endpoint, 'kept across the reload'], { TMPDIR: session.pipeDir }));
    await restored.locator('.sp-status', { hasText: '1 of 2 messages' }).waitFor({ timeout: STEP_TIMEOUT });
    const rows = restored.locator('.sp-rows .sp-row:not([hidden]):not(.sp-loading)');
    await waitForCount(rows, 1);
    assert.match(await rows.first().innerText(), /kept across the reload/);
  });
});

/** The socket may exist a moment before the restarted watcher accepts: try a few times. */
async function retry(send: () => Promise<string>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await send();
      return;
    } catch (error) {
      if (attempt === 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
