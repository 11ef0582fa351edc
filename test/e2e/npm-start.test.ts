/**
 * `npm start` as the README promises it: a real workbench with Slotpipe and demo traffic. Runs the
 * start script itself, opens the URL it prints, and waits for both demo streams in the traffic panel:
 * MS_MESSAGE announcements (a built-in struct) and the chatty pipe client's CHAT_LINEs, decoded with the
 * demo folder's own header.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { codeServerInstalled, repoRoot } from './code-server';
import { launchBrowser, openWorkbench, panelLocator, runCommand, waitForActivityBarItem } from './workbench';

const STEP_TIMEOUT = 90_000;

describe('npm start', { skip: codeServerInstalled() ? false : 'code-server is not installed (node scripts/setup.mjs test)', timeout: 600_000 }, () => {
  const start = spawn(process.execPath, ['scripts/start.mjs'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  start.stdout.on('data', (chunk: Buffer) => (output += chunk));
  start.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => start.once('exit', resolve));
  let browser: Browser | undefined;

  after(async () => {
    await browser?.close().catch(() => {});
    // Ctrl-C stops everything the script started; the group kill is a fallback.
    start.kill('SIGINT');
    const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), 20_000))]);
    if (code === 'timeout') process.kill(-start.pid!, 'SIGKILL');
  });

  it('prints a URL, and the workbench there shows both demo streams', async () => {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const found = /http:\/\/127\.0\.0\.1:\d+\/\S+/.exec(output);
        if (found) {
          clearInterval(timer);
          resolve(found[0]);
        }
      }, 200);
      void exited.then((code) => {
        clearInterval(timer);
        reject(new Error(`npm start ended (exit ${code}) before printing its URL:\n${output}`));
      });
    });
    assert.match(output, /Demo: MS_MESSAGE announcements to .*a chatty client on .*CHAT_LINE/);
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await openWorkbench(page, url);
    await waitForActivityBarItem(page, 'Slotpipe');
    await runCommand(page, 'Slotpipe: Show Traffic');
    const rows = panelLocator(page).locator('.sp-rows .sp-row:not([hidden]):not(.sp-loading)');
    await rows.filter({ hasText: 'MS_MESSAGE' }).first().waitFor({ timeout: STEP_TIMEOUT });
    await rows.filter({ hasText: /CHAT_LINE.*(HELLO|status\?|ping|GET \/config|load 0\.42|bye for now)/ }).first().waitFor({ timeout: STEP_TIMEOUT });
    assert.match(output, /demo: chatting with \\\\\.\\pipe\\slotpipe-demo-chat/);
  });
});
