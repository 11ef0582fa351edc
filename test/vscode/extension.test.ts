/**
 * The VS Code integration layer: the mocha suites under suite/ run inside code-server's real Node
 * extension host (installed by scripts/setup/code-server.mjs), once in a trusted folder and once in
 * an untrusted one. Every mocha test is reported here as its own subtest, so each failure shows.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensure as ensureCodeServer } from '../../scripts/setup/code-server.mjs';
import { stageExtensionTests } from './stage.mjs';
import { runSuiteInCodeServer, type SuiteRun } from './code-server-run';

const RUN_TIMEOUT_MS = 240_000;

const skip = process.platform === 'linux' ? false : 'code-server is the Linux stand-in; with VS Code desktop run: node .vscode-test.mjs';

test('Slotpipe in a real VS Code (code-server)', { timeout: 2 * RUN_TIMEOUT_MS + 180_000, skip }, async (t) => {
  await ensureCodeServer();
  const id = crypto.randomBytes(4).toString('hex');
  const staged = await stageExtensionTests(`vscode-${id}`);
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), `slotpipe-vscode-${id}-`));
  t.after(() => {
    fs.rmSync(temp, { recursive: true, force: true });
    fs.rmSync(staged.root, { recursive: true, force: true });
  });

  await t.test('trusted workspace', async (t) => {
    const workspace = path.join(temp, 'trusted', 'workspace');
    fs.mkdirSync(workspace, { recursive: true });
    const run = await runSuiteInCodeServer({
      home: path.join(temp, 'trusted', 'server'),
      workspace,
      extensionPath: staged.extension,
      testsPath: staged.suites.trusted,
      trust: true,
      userSettings: quietWorkbench,
      timeoutMs: RUN_TIMEOUT_MS,
    });
    await reportEach(t, run);
  });

  await t.test('untrusted workspace', async (t) => {
    const workspace = path.join(temp, 'untrusted', 'workspace');
    const folderPipe = `slotpipe-vscode-untrusted-folder-${id}`;
    const userPipe = `slotpipe-vscode-untrusted-user-${id}`;
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({
      'slotpipe.watchers': [{ endpoint: `\\\\.\\pipe\\${folderPipe}`, decode: 'text', autoStart: true }],
      'slotpipe.captureFile': path.join(temp, 'untrusted', 'must-not-exist.jsonl'),
    }, null, 2));
    const run = await runSuiteInCodeServer({
      home: path.join(temp, 'untrusted', 'server'),
      workspace,
      extensionPath: staged.extension,
      testsPath: staged.suites.untrusted,
      trust: false,
      userSettings: {
        ...quietWorkbench,
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.banner': 'never',
        'slotpipe.watchers': [{ endpoint: `\\\\.\\pipe\\${userPipe}`, decode: 'text', autoStart: true }],
      },
      timeoutMs: RUN_TIMEOUT_MS,
    });
    await reportEach(t, run);
  });
});

const quietWorkbench = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
};

/** One subtest per mocha test; then the run as a whole must have passed and run something. */
async function reportEach(t: test.TestContext, run: SuiteRun): Promise<void> {
  for (const result of run.results) {
    await t.test(result.title, { skip: result.state === 'pending' }, () => {
      if (result.state === 'failed') throw new Error(result.error ?? 'failed');
    });
  }
  assert.ok(run.results.length > 0, `no mocha results came back:\n${run.output}\n--- code-server log ---\n${run.serverLog}`);
  assert.equal(run.exitCode, 0, `the suite exited ${run.exitCode}:\n${run.output}`);
}
