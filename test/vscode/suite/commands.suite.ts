/** Every command is registered, under category "Slotpipe", with the exact palette title; activation stays light. */
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, slotpipe } from './harness';

const EXPECTED_TITLES: Record<string, string> = {
  'slotpipe.showTraffic': 'Slotpipe: Show Traffic',
  'slotpipe.addWatcher': 'Slotpipe: Add Watcher',
  'slotpipe.startWatcher': 'Slotpipe: Start Watcher',
  'slotpipe.stopWatcher': 'Slotpipe: Stop Watcher',
  'slotpipe.stopAllWatchers': 'Slotpipe: Stop All Watchers',
  'slotpipe.sendMessage': 'Slotpipe: Send Message',
  'slotpipe.openPipeClient': 'Slotpipe: Open Pipe Client',
  'slotpipe.listPipes': 'Slotpipe: List Pipes',
  'slotpipe.clearTraffic': 'Slotpipe: Clear Traffic',
  'slotpipe.togglePause': 'Slotpipe: Pause/Resume Traffic',
  'slotpipe.exportCapture': 'Slotpipe: Export Capture',
  'slotpipe.openCaptureFile': 'Slotpipe: Open Capture File',
  'slotpipe.connectServer': 'Slotpipe: Connect to Server',
  'slotpipe.pingServer': 'Slotpipe: Ping Server',
  'slotpipe.clearServers': 'Slotpipe: Clear Discovered Servers',
  'slotpipe.openMailslotChat': 'Slotpipe: Open Mailslot Chat',
  'slotpipe.interceptPipe': 'Slotpipe: Intercept Pipe…',
};

describe('commands', () => {
  before(() => slotpipe());

  it('registers every command', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = [...Object.keys(EXPECTED_TITLES), 'slotpipe.copyServerAddress'].filter((id) => !registered.has(id));
    assert.deepEqual(missing, []);
  });

  it('shows each command in the palette as "Slotpipe: <title>"', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const strings = JSON.parse(fs.readFileSync(path.join(extension.extensionPath, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const localize = (value: string) => value.replace(/^%(.+)%$/, (_, key: string) => strings[key] ?? value);
    const contributed = extension.packageJSON.contributes.commands as { command: string; title: string; category?: string }[];
    const hidden = new Set(
      (extension.packageJSON.contributes.menus.commandPalette as { command: string; when: string }[])
        .filter((entry) => entry.when === 'false')
        .map((entry) => entry.command),
    );
    const shown = Object.fromEntries(
      contributed.filter((c) => !hidden.has(c.command)).map((c) => [c.command, `${localize(c.category ?? '')}: ${localize(c.title)}`]),
    );
    assert.deepEqual(shown, EXPECTED_TITLES);
  });

  it('does not load koffi on activation (backends load on first use)', () => {
    const loaded = Object.keys(require.cache).filter((file) => /[\\/]koffi[\\/]/.test(file));
    assert.deepEqual(loaded, []);
  });

  it('declares limited support for untrusted workspaces and runs in the UI or workspace host', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('slotpipe.watchers'));
    assert.deepEqual(manifest.extensionKind, ['ui', 'workspace']);
  });
});
