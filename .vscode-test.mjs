// The VS Code integration suites (test/vscode/suite/) in VS Code desktop through @vscode/test-electron,
// where VS Code can be downloaded: `node .vscode-test.mjs [trusted|untrusted]`.
// The same staged extension and mocha suites run inside code-server in test/vscode/extension.test.ts.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { stageExtensionTests } from './test/vscode/stage.mjs';

const id = crypto.randomBytes(4).toString('hex');
const which = process.argv.slice(2);
const wanted = (name) => !which.length || which.includes(name);
const temp = fs.mkdtempSync(path.join(os.tmpdir(), `slotpipe-vscode-electron-${id}-`));
const staged = await stageExtensionTests(`electron-${id}`);
let failed = false;

try {
  const vscodeExecutablePath = await downloadAndUnzipVSCode('stable').catch((err) => {
    throw new Error(`VS Code could not be downloaded (${err.message}); where it cannot, run the same suites in code-server: node --import tsx --test test/vscode/extension.test.ts`);
  });
  if (wanted('trusted')) {
    const workspace = path.join(temp, 'trusted');
    fs.mkdirSync(workspace, { recursive: true });
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: staged.extension,
      extensionTestsPath: staged.suites.trusted,
      launchArgs: [workspace, ...profile('trusted', {}), '--disable-extensions'],
    }).catch(() => (failed = true));
  }
  if (wanted('untrusted')) {
    // runTests always disables Workspace Trust, so this run starts VS Code itself with trust on.
    const workspace = path.join(temp, 'untrusted');
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({
      'slotpipe.watchers': [{ endpoint: `\\\\.\\pipe\\slotpipe-vscode-untrusted-folder-${id}`, decode: 'text', autoStart: true }],
      'slotpipe.captureFile': path.join(temp, 'must-not-exist.jsonl'),
    }));
    const args = [
      workspace, ...profile('untrusted', {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'slotpipe.watchers': [{ endpoint: `\\\\.\\pipe\\slotpipe-vscode-untrusted-user-${id}`, decode: 'text', autoStart: true }],
      }),
      '--no-sandbox', '--disable-gpu-sandbox', '--disable-updates', '--skip-welcome', '--skip-release-notes', '--disable-extensions',
      `--extensionDevelopmentPath=${staged.extension}`, `--extensionTestsPath=${staged.suites.untrusted}`,
    ];
    const code = await new Promise((resolve) => {
      const child = spawn(vscodeExecutablePath, args, { stdio: 'inherit', shell: process.platform === 'win32' });
      child.on('exit', resolve);
    });
    if (code !== 0) failed = true;
  }
} catch (err) {
  console.error(err.message);
  failed = true;
} finally {
  fs.rmSync(temp, { recursive: true, force: true });
  fs.rmSync(staged.root, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

/** A private user-data and extensions folder with these user settings. */
function profile(name, settings) {
  const userData = path.join(temp, `${name}-user-data`);
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', ...settings }));
  return [`--user-data-dir=${userData}`, `--extensions-dir=${path.join(temp, `${name}-extensions`)}`];
}
