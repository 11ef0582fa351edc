// Faults in a real workbench (code-server + Chromium, the packaged .vsix): the traffic panel closed
// and reopened while messages keep coming (the rows are still there, none missing), and the window
// reloaded, which restarts the extension host: watchers set to autoStart come back by themselves.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { parseEndpoint } from '../../extension/core/endpoint';
import { connectUnixPipe } from '../../extension/posix/unix-pipe-client';
import { codeServerInstalled } from '../e2e/code-server';
import { slotpipeSend } from '../e2e/sender';
import { panelLocator, runCommand, waitForActivityBarItem } from '../e2e/workbench';
import { openSession, waitUntil, type WorkbenchSession } from '../e2e/workbench-session';

const pipeName = `slotpipe-rel-faults-${randomBytes(4).toString('hex')}`;
const endpoint = `\\\\.\\pipe\\${pipeName}`;
const skip = process.platform === 'win32' ? 'the workbench tests run code-server on Linux'
  : codeServerInstalled() ? false : 'code-server is not installed (node scripts/setup.mjs test)';

/** The count the panel's status line shows (`1,234 messages`). */
async function shownCount(page: Page): Promise<number> {
  const text = await panelLocator(page).locator('.sp-status').innerText();
  const match = /([\d,]+) messages?/.exec(text);
  return match ? Number(match[1].replace(/,/g, '')) : -1;
}

describe('workbench faults', { skip, timeout: 600_000 }, () => {
  let session: WorkbenchSession;
  let page: Page;
  let socket: string;

  before(async () => {
    session = await openSession({ area: 'rel-faults', settings: { 'slotpipe.watchers': [{ endpoint, decode: 'text', autoStart: true }] } });
    page = session.page;
    socket = path.join(session.pipeDir, `CoreFxPipe_${pipeName}`);
  });
  after(async () => {
    await session?.close();
  });

  it('starts the autoStart watcher when the workbench opens', async () => {
    await waitUntil(() => fs.existsSync(socket), `the autoStart watcher's socket ${socket}`, session);
  });

  it('panel closed and reopened mid-stream: every row is still there and counting goes on', async () => {
    await runCommand(page, 'Slotpipe: Show Traffic');
    await panelLocator(page).locator('.sp-toolbar').waitFor({ timeout: 60_000 });
    const client = await connectUnixPipe(parseEndpoint(endpoint), { posix: { directory: session.pipeDir } }, { messages() {}, event() {} });
    let sent = 0;
    let streaming = true;
    const stream = (async () => {
      while (streaming) {
        // One line per message: byte mode may join writes, so the count of lines is what was sent.
        await client.send(new TextEncoder().encode(`stream ${sent}\n`));
        sent++;
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();
    await waitUntil(async () => (await shownCount(page)) >= 20, 'the first rows in the panel', session);
    await runCommand(page, 'View: Close All Editors');
    await panelLocator(page).locator('.sp-toolbar').waitFor({ state: 'detached', timeout: 60_000 });
    const sentWhileClosed = sent;
    await waitUntil(() => sent >= sentWhileClosed + 30, 'messages while the panel is closed');
    await runCommand(page, 'Slotpipe: Show Traffic');
    await panelLocator(page).locator('.sp-toolbar').waitFor({ timeout: 60_000 });
    streaming = false;
    await stream;
    await client.close();
    const total = sent;
    const panel = panelLocator(page);
    const rows = panel.locator('.sp-rows .sp-row:not([hidden]):not(.sp-loading)');
    const filter = panel.locator('.sp-filter');
    // The first line, one sent while the panel was closed, and the last: each is in a row of the reopened panel.
    const filterBy = async (text: string, status: RegExp) => {
      // Typed again until the panel shows the filter applied (a panel just reopened may still be starting).
      await waitUntil(async () => {
        await filter.fill(text);
        await filter.press('Enter');
        return panel.locator('.sp-status', { hasText: status }).waitFor({ timeout: 3_000 }).then(() => true, () => false);
      }, `the filter "${text}" applied`, session);
    };
    for (const n of [0, sentWhileClosed + 5, total - 1]) {
      // The line's bytes with its newline: only that message (or a read that holds it) matches.
      await filterBy(`hex:${Buffer.from(`stream ${n}\n`).toString('hex')}`, /^[1-9]\d* of [\d,]+ messages/);
      await rows.filter({ hasText: new RegExp(`stream ${n}\\\\n`) }).first().waitFor({ timeout: 60_000 });
    }
    await filterBy('', /^[\d,]+ messages/);
    console.log(`${total} messages streamed; the panel was closed after ${sentWhileClosed} and reopened after ${sentWhileClosed + 30}+`);
  });

  it('window reloaded (extension host restarted): the autoStart watcher comes back and receives', async () => {
    const before = fs.statSync(socket).ino;
    // The panel keeps its filter across a reload; start from none.
    await panelLocator(page).locator('.sp-filter').fill('');
    await panelLocator(page).locator('.sp-filter').press('Enter');
    // Wait for the new page, not the old one still on screen while the reload begins.
    const reloaded = page.waitForEvent('load', { timeout: 120_000 });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.statusbar').waitFor({ timeout: 60_000 });
    await waitForActivityBarItem(page, 'Slotpipe');
    await waitUntil(() => fs.existsSync(socket) && fs.statSync(socket).ino !== before, 'a new socket from the restarted extension host', session);
    await runCommand(page, 'Slotpipe: Show Traffic');
    const panel = panelLocator(page);
    await panel.locator('.sp-toolbar').waitFor({ timeout: 60_000 });
    await slotpipeSend([endpoint, 'after the reload'], { TMPDIR: session.pipeDir });
    let status = '';
    await waitUntil(async () => {
      status = await panel.locator('.sp-status').innerText().catch(() => '?');
      return (await panel.locator('.sp-rows .sp-row:not([hidden])', { hasText: 'after the reload' }).count()) > 0;
    }, () => `the message in the panel (its status: ${status})`, session);
  });
});
