/**
 * A live intercept in a real workbench (code-server + Chromium, the packaged .vsix): a pipe server in
 * another program (Python, on a Unix socket as off Windows) is already running; the person finds it in
 * *Pipes on this machine*, clicks its Intercept action and picks *Live intercept*. A client program then
 * talks to the server as before, and the traffic panel shows both directions, and Conversations the
 * requests paired with the replies and their round-trip times.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { codeServerInstalled, repoRoot } from './code-server';
import { checkConversation } from './conversations';
import { startPythonPipeServer, type PythonPipeServer } from './python-pipe-server';
import { answerQuickInput, panelLocator, runCommand } from './workbench';
import { openSession, waitUntil, type WorkbenchSession } from './workbench-session';

const pipeName = `slotpipe-e2e-icpt-${randomBytes(4).toString('hex')}`;
/** The Python server's pause before each reply: every round trip is at least this long. */
const REPLY_DELAY_MS = 40;
const REQUESTS = 3;
const skip = codeServerInstalled() ? false : 'code-server is not installed (node scripts/setup.mjs test)';

describe('live intercept in a real workbench', { skip, timeout: 600_000 }, () => {
  let server: PythonPipeServer | undefined;
  let session: WorkbenchSession;
  let page: Page;
  let socket = '';
  /** The server's own socket file, to recognise it back at its name after the intercept. */
  let serverSocket = 0;

  before(async () => {
    session = await openSession({ area: 'intercept' });
    page = session.page;
    server = await startPythonPipeServer(session.pipeDir, pipeName, REPLY_DELAY_MS);
    socket = server.socket;
    serverSocket = fs.statSync(socket).ino;
  });

  after(async () => {
    server?.stop();
    await session?.close();
  });

  it('Pipes on this machine → Intercept → Live intercept: the running server gets a watcher in front of it', async () => {
    // List Pipes refreshes and shows the Pipes view (which takes the focus from its own pick).
    await runCommand(page, 'Slotpipe: List Pipes');
    const row = page.locator('.sidebar .monaco-list-row', { hasText: pipeName }).first();
    await row.waitFor({ timeout: 60_000 });
    await row.hover();
    await row.locator('a.action-label[aria-label^="Intercept Pipe"]').click();
    await answerQuickInput(page, 'Intercept', 'Live intercept', { expectRow: 'Live intercept' });
    await panelLocator(page).locator('.sp-toolbar').waitFor({ timeout: 60_000 });
    await page.locator('.monaco-list-row', { hasText: `\\\\.\\pipe\\${pipeName}` }).first().waitFor({ timeout: 60_000 });
  });

  it('a client talks to the server as before; the panel shows both directions, Conversations the round trips', async () => {
    const client = spawnSync('python3', [path.join(repoRoot, 'test/fixtures/peers/echo_client.py'), socket, String(REQUESTS)], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(client.status, 0, `the client checks every reply: ${client.stdout}${client.stderr}`);
    assert.equal(client.stdout.trim().split('\n').length, REQUESTS);
    await panelLocator(page).locator('.sp-status', { hasText: `${REQUESTS * 2} messages` }).waitFor({ timeout: 60_000 });
    const seen = await checkConversation(page, { endpoint: pipeName, pairs: REQUESTS, minRttMs: REPLY_DELAY_MS });
    assert.equal(seen.rtts.length, REQUESTS);
    assert.deepEqual(seen.directions, ['in', 'out', 'in', 'out', 'in', 'out'], 'client → server in, server → client out, in the order exchanged');
    assert.ok(server!.output().split('\n').filter((l) => l.startsWith('REPLIED')).length >= REQUESTS, 'the real server answered');
  });

  it('stopping the watcher hands the name back to the server', async () => {
    await runCommand(page, 'Slotpipe: Stop Watcher');
    await waitUntil(() => fs.statSync(socket, { throwIfNoEntry: false })?.ino === serverSocket, "the server's own socket back at its name", session);
    const client = spawnSync('python3', [path.join(repoRoot, 'test/fixtures/peers/echo_client.py'), socket, '1'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(client.status, 0, `the server answers a client after the stop: ${client.stdout}${client.stderr}`);
    await panelLocator(page).locator('.sp-status', { hasText: `${REQUESTS * 2} messages` }).waitFor({ timeout: 10_000 });
  });
});
