/**
 * Runs inside code-server's extension host, against the folder code-server's own installer unpacked the
 * linux-x64 VSIX into: it activates by itself, registers every contributed command, resolves its
 * strings, opens the traffic panel from the bundled webview, and carries only its own native file.
 */
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor } from '../../vscode/suite/harness';

function installed(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  return extension;
}

describe('the installed linux-x64 VSIX', () => {
  it('activates without being asked (onStartupFinished)', async () => {
    await waitFor('the extension to activate', () => installed().isActive, 30_000);
  });

  it('registers every command its manifest contributes', async () => {
    const contributed = (installed().packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.ok(contributed.length > 0, 'the manifest contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), []);
  });

  it('has a string for every %placeholder% of its manifest', () => {
    const commands = installed().packageJSON.contributes.commands as { command: string; title: string }[];
    assert.deepEqual(commands.filter((c) => /^%.+%$/.test(c.title)).map((c) => c.command), []);
  });

  it('opens the traffic panel from the bundled webview', async () => {
    await vscode.commands.executeCommand('slotpipe.showTraffic');
    await waitFor('the traffic panel tab', () =>
      vscode.window.tabGroups.all.some((group) =>
        group.tabs.some((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('slotpipe.traffic')),
      ),
    );
  });

  it('carries koffi for linux-x64 only, and no node_modules', () => {
    const root = installed().extensionPath;
    assert.deepEqual(fs.readdirSync(path.join(root, 'dist', 'koffi')), ['linux_x64']);
    assert.ok(fs.existsSync(path.join(root, 'dist', 'koffi', 'linux_x64', 'koffi.node')));
    assert.equal(fs.existsSync(path.join(root, 'node_modules')), false);
  });
});
