/**
 * Opens the traffic panel's webview (the production bundle of webview/main.ts and media/panel.css)
 * in headless Chromium under the same CSP as in VS Code, with the harness host of panel-harness/host.ts.
 */
import * as esbuild from 'esbuild';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { L10N_BUNDLE_ELEMENT_ID } from '../../extension/core/panel-protocol';
import { repoRoot } from './code-server';
import { launchBrowser } from './workbench';

const ORIGIN = 'http://slotpipe.test';

export interface PanelHarness {
  page: Page;
  /** Size of the minified webview bundle, in bytes. */
  webviewBytes: number;
  /** Everything the page reported on its console (errors included) and CSP violations. */
  console: string[];
}

async function bundle(entry: string): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [path.join(repoRoot, entry)], bundle: true, write: false, minify: true, format: 'iife', platform: 'browser', target: 'es2022',
  });
  return result.outputFiles[0].text;
}

/** `strings`: an l10n bundle the page carries as the extension host writes it (panel-html.ts), else none (English). */
export async function openPanelHarness(browser: Browser, strings?: Record<string, string>): Promise<PanelHarness> {
  const [webview, host] = await Promise.all([bundle('webview/main.ts'), bundle('test/e2e/panel-harness/host.ts')]);
  const css = fs.readFileSync(path.join(repoRoot, 'media', 'panel.css'), 'utf8');
  const nonce = randomBytes(18).toString('base64');
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src ${ORIGIN}">
<link rel="stylesheet" href="${ORIGIN}/panel.css">
</head><body><div id="app"></div>
${strings ? `<script type="application/json" id="${L10N_BUNDLE_ELEMENT_ID}">${JSON.stringify(strings).replace(/</g, '\\u003c')}</script>` : ''}
<script nonce="${nonce}" src="${ORIGIN}/host.js"></script>
<script nonce="${nonce}" src="${ORIGIN}/webview.js"></script>
</body></html>`;
  const files: Record<string, [string, string]> = {
    '/': [html, 'text/html'], '/panel.css': [css, 'text/css'], '/host.js': [host, 'text/javascript'], '/webview.js': [webview, 'text/javascript'],
  };
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  // Functions the tests evaluate in the page are compiled by tsx, which names them through a helper.
  await page.addInitScript('globalThis.__name = (target) => target;');
  const console: string[] = [];
  page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => console.push(`pageerror: ${error.message}`));
  await page.route(`${ORIGIN}/**`, (route) => {
    const file = files[new URL(route.request().url()).pathname];
    return file ? route.fulfill({ body: file[0], contentType: file[1] }) : route.fulfill({ status: 404 });
  });
  await page.goto(`${ORIGIN}/`);
  await page.locator('.sp-toolbar').waitFor();
  return { page, webviewBytes: Buffer.byteLength(webview), console };
}

/** For a suite: the harness in its own headless browser, opened before the first test and closed after the last. */
export function harnessForSuite(): { readonly current: PanelHarness } {
  let browser: Browser | undefined;
  let harness: PanelHarness | undefined;
  before(async () => {
    browser = await launchBrowser();
    harness = await openPanelHarness(browser);
  });
  after(async () => {
    await browser?.close();
  });
  return {
    get current(): PanelHarness {
      if (!harness) throw new Error('the panel harness is opened in the suite\'s before hook');
      return harness;
    },
  };
}
