/**
 * Playwright on the real workbench (code-server in Chromium): the command palette, quick inputs, and
 * the traffic panel's webview frame.
 */
import { chromium, type Browser, type Frame, type FrameLocator, type Locator, type Page } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-dev-shm-usage',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.SLOTPIPE_CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

/** User settings that keep the workbench quiet and predictable for tests and screenshots. */
export function quietSettings(theme: string): Record<string, unknown> {
  return {
    'workbench.colorTheme': theme,
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'update.mode': 'none',
    'window.commandCenter': false,
    'chat.commandCenter.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'remote.autoForwardPorts': false,
    // With a tunnel provider (code-server has one) the extension host still scans every process's
    // sockets every few seconds (a shell over /proc/*/fd and ps) unless ports come from output only.
    'remote.autoForwardPortsSource': 'output',
  };
}

export async function openWorkbench(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.statusbar').waitFor({ timeout: 60_000 });
}

const quickInput = '.quick-input-widget .quick-input-box input';

/**
 * Runs a command by its palette title, e.g. `Slotpipe: Show Traffic`. The palette lists the commands
 * known when it opens, so while extensions are still being registered it is opened again.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator(quickInput);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (;;) {
    // Keys go to the workbench, not to a webview that has focus: there Escape would act on the page (and
    // clear the traffic panel's filter box, a search field), and keys may never reach the workbench.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    if (!(await input.waitFor({ timeout: 5_000 }).then(() => true, () => false))) {
      if (Date.now() > deadline) throw new Error(`the command palette did not open for "${title}"`);
      continue;
    }
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ timeout: 3_000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the command "${title}" is not in the palette`, { cause: error });
    }
  }
  await input.press('Enter');
}

/** Waits until the extension's activity-bar container is shown (its contributions are registered). */
export async function waitForActivityBarItem(page: Page, label: string): Promise<Locator> {
  const item = page.locator(`.activitybar .action-item a[aria-label^="${label}"]`).first();
  await item.waitFor({ timeout: 60_000 });
  return item;
}

/**
 * Answers the input box or quick pick titled `title` (so an answer never lands in the palette that is
 * still closing) by typing and Enter; `expectRow` waits for that item to be listed first. `prefilled`
 * waits for the text the dialog fills in itself (a save dialog's default path), which would otherwise
 * replace the answer.
 */
export async function answerQuickInput(
  page: Page,
  title: string,
  text: string,
  options: { expectRow?: string; prefilled?: boolean } = {},
): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: 30_000 });
  const input = page.locator(quickInput);
  if (options.prefilled) {
    // The dialog fills in its default in steps; type again until our text is the one that stays.
    await page.waitForFunction((selector) => !!document.querySelector<HTMLInputElement>(selector)?.value, quickInput);
    for (let attempt = 0; attempt < 20; attempt++) {
      await input.fill(text);
      await page.waitForTimeout(250);
      if ((await input.inputValue()) === text) break;
    }
  } else {
    await input.fill(text);
  }
  if (options.expectRow) await page.locator('.quick-input-list .monaco-list-row', { hasText: options.expectRow }).first().waitFor();
  await input.press('Enter');
}

/** The traffic panel's document (the inner frame VS Code hosts webview content in). */
export function panelLocator(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** The same frame as a Frame, to evaluate script in it. */
export async function panelFrame(page: Page): Promise<Frame> {
  const handle = await page.frameLocator('iframe.webview.ready').locator('#active-frame').elementHandle({ timeout: 30_000 });
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('the traffic panel webview has no content frame');
  return frame;
}

/** Waits until the locator matches exactly `count` elements (the table renders on the next frame). */
export async function waitForCount(locator: Locator, count: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = await locator.count();
  while (seen !== count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} matches of ${locator}, found ${seen}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    seen = await locator.count();
  }
}

/**
 * Each row's cells, trimmed. Read from the cells' text rather than the row's innerText: innerText
 * separates cells by tabs only while the frame is rendered, and a webview frame is not at every moment.
 */
export function tableRows(rows: Locator): Promise<string[][]> {
  return rows.evaluateAll((trs) => trs.map((tr) => Array.from((tr as HTMLTableRowElement).cells, (cell) => (cell.textContent ?? '').trim())));
}
