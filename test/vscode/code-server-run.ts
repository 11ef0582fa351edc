/**
 * Runs a staged mocha suite inside code-server's real Node extension host: the workbench is opened
 * in headless Chromium with the `payload` that names extensionDevelopmentPath and extensionTestsPath
 * (the route @vscode/test-web uses), and the workbench hands back the host's output and exit code
 * through `codeAutomationLog` / `codeAutomationExit`. The server's process group is always killed.
 */
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { launchCodeServer } from '../../scripts/setup/code-server.mjs';
import { parseResults, type TestResult } from './result-lines';

export interface SuiteRun {
  exitCode: number;
  results: TestResult[];
  /** Everything the extension host printed. */
  output: string;
  serverLog: string;
}

export interface SuiteRunOptions {
  home: string;
  workspace: string;
  extensionPath: string;
  testsPath: string;
  trust: boolean;
  userSettings: Record<string, unknown>;
  timeoutMs: number;
}

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
];

export async function runSuiteInCodeServer(options: SuiteRunOptions): Promise<SuiteRun> {
  const server = await launchCodeServer({ home: options.home, userSettings: options.userSettings, trust: options.trust });
  const browser = await chromium.launch({ executablePath: process.env.SLOTPIPE_CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  let output = '';
  try {
    const page = await browser.newPage();
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(Number(code)));
    });
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const parts = Array.isArray(args) ? args : [args];
      output += `${format(...parts)}\n`;
    });
    const remote = (file: string) => `vscode-remote://127.0.0.1:${server.port}${file}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(options.extensionPath)],
      ['extensionTestsPath', remote(options.testsPath)],
    ]);
    await page.goto(`${server.origin}/?folder=${encodeURIComponent(options.workspace)}&payload=${encodeURIComponent(payload)}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the suite did not finish within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
    });
    try {
      const exitCode = await Promise.race([exit, timeout]);
      return { exitCode, results: parseResults(output), output, serverLog: server.log() };
    } catch (err) {
      (err as Error).message += `\n--- extension host output ---\n${output}\n--- code-server log ---\n${server.log()}`;
      throw err;
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}
