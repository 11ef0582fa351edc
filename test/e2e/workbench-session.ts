/**
 * One isolated Slotpipe workbench: the packaged .vsix installed into a fresh code-server, opened in
 * headless Chromium, with a private TMPDIR so the Unix sockets that stand in for pipes cannot collide
 * with anything else on the machine. `close()` ends the browser and the server's whole process group.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startCodeServer, type CodeServer } from './code-server';
import { packageVsix } from './vsix';
import { launchBrowser, openWorkbench, quietSettings, waitForActivityBarItem } from './workbench';

export interface WorkbenchSession {
  page: Page;
  server: CodeServer;
  /** Everything of this session lives below here. */
  work: string;
  workspace: string;
  /** TMPDIR of the extension host: pipe `\\.\pipe\x` is the socket `<pipeDir>/CoreFxPipe_x`. */
  pipeDir: string;
  /** Messages of dialogs the page tried to open (none should ever appear). */
  dialogs: string[];
  close(): Promise<void>;
}

export interface SessionOptions {
  /** Names the temp folder, e.g. `panel`. */
  area: string;
  theme?: string;
  settings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
}

export async function openSession(options: SessionOptions): Promise<WorkbenchSession> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `slotpipe-e2e-${options.area}-`));
  const pipeDir = path.join(work, 'p');
  const workspace = path.join(work, 'workspace');
  fs.mkdirSync(pipeDir);
  fs.mkdirSync(workspace);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  };
  try {
    const vsix = await packageVsix(work);
    server = await startCodeServer({
      home: path.join(work, 'code-server'), workspace, extensions: [vsix],
      settings: { ...quietSettings(options.theme ?? 'Default Dark Modern'), ...options.settings }, env: { TMPDIR: pipeDir },
    });
    browser = await launchBrowser();
    // Clipboard access as a person's browser grants it to the page, so "copy as" can be checked.
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await openWorkbench(page, server.url);
    await waitForActivityBarItem(page, 'Slotpipe');
    return { page, server, work, workspace, pipeDir, dialogs, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Polls a condition (files, sockets, the clipboard); when it gives up, the error says what it waited
 * for (`what` may be a function, to describe the state at that moment) and carries the server's log.
 */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string | (() => string),
  session?: WorkbenchSession,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for ${typeof what === 'string' ? what : what()}${session ? `\n--- code-server log ---\n${session.server.log().slice(-4000)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
