/**
 * Conversations in a real workbench (code-server + Chromium, the packaged .vsix): a pipe server in
 * another program (Python, on a Unix socket as off Windows) answers each request after a pause; the
 * person talks to it through Open Pipe Client, opens Show Traffic → Conversations, picks the
 * connection and sees its requests paired with the replies, with their round-trip times.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { codeServerInstalled, repoRoot } from './code-server';
import { checkConversation } from './conversations';
import { answerQuickInput, panelLocator, runCommand } from './workbench';
import { openSession, waitUntil, type WorkbenchSession } from './workbench-session';

const suffix = randomBytes(4).toString('hex');
const pipeName = `slotpipe-e2e-conv-${suffix}`;
const endpoint = `\\\\.\\pipe\\${pipeName}`;
const REPLY_DELAY_MS = 40;
const REQUESTS = 3;

describe('conversations in a real workbench', { skip: codeServerInstalled() ? false : 'code-server is not installed (node scripts/setup.mjs test)', timeout: 600_000 }, () => {
  let session: WorkbenchSession;
  let page: Page;
  let server: ChildProcess | undefined;
  let serverOutput = '';

  before(async () => {
    session = await openSession({ area: 'conversations' });
    page = session.page;
    const socket = path.join(session.pipeDir, `CoreFxPipe_${pipeName}`);
    server = spawn('python3', [path.join(repoRoot, 'test/fixtures/peers/echo_server.py'), socket, String(REPLY_DELAY_MS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (chunk) => (serverOutput += chunk));
    server.stderr!.on('data', (chunk) => (serverOutput += chunk));
    await waitUntil(() => serverOutput.includes('READY'), () => `the Python pipe server to listen (${serverOutput})`);
  });

  after(async () => {
    server?.kill();
    await session?.close();
  });

  it('talks to a pipe server through Open Pipe Client: requests out, replies in', async () => {
    await runCommand(page, 'Slotpipe: Show Traffic');
    await panelLocator(page).locator('.sp-toolbar').waitFor({ timeout: 60_000 });
    await runCommand(page, 'Slotpipe: Open Pipe Client');
    await answerQuickInput(page, 'Open Pipe Client', endpoint);
    await waitUntil(() => serverOutput.includes('CONNECTED'), () => `the pipe client to connect (the server printed: ${serverOutput})`, session);
    const terminal = page.locator('.terminal-wrapper.active .xterm, .terminal .xterm').first();
    await terminal.waitFor({ timeout: 60_000 });
    await terminal.click();
    for (let n = 1; n <= REQUESTS; n++) {
      await page.keyboard.type(`ping ${n}`);
      await page.keyboard.press('Enter');
      await waitUntil(() => serverOutput.includes(`REPLIED ${n}`), () => `reply ${n} from the pipe server (it printed: ${serverOutput})`, session);
    }
    await panelLocator(page).locator('.sp-status', { hasText: `${REQUESTS * 2} messages` }).waitFor({ timeout: 60_000 });
  });

  it('Conversations: the connection with its pairs and round-trip times; its messages in order', async () => {
    const seen = await checkConversation(page, { endpoint: pipeName, pairs: REQUESTS, minRttMs: REPLY_DELAY_MS });
    assert.equal(seen.rtts.length, REQUESTS);
    assert.deepEqual(seen.directions, ['out', 'in', 'out', 'in', 'out', 'in'], 'requests go out, replies come in, in the order exchanged');
    const pairs = await panelLocator(page).locator('.sp-pairs tr.sp-pair').allInnerTexts();
    assert.match(pairs[0], /#1 out/);
    assert.match(pairs[0], /#2 in/);
  });
});
