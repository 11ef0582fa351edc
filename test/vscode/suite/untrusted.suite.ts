/**
 * In an untrusted folder, watchers from the folder's settings do not start, its capture file is not
 * written, and nothing is sent; watchers from the user's own settings still work.
 * The runner writes the folder's .vscode/settings.json and the user settings before starting.
 */
import { watcherId } from '../../../extension/core/endpoint';
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { bytesOf, messagesOf, sendFromAnotherProcess, slotpipe, text, waitFor } from './harness';

interface FolderSettings {
  'slotpipe.watchers': { endpoint: string }[];
  'slotpipe.captureFile': string;
}

function folderSettings(): FolderSettings {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a folder is open');
  return JSON.parse(fs.readFileSync(path.join(folder.uri.fsPath, '.vscode', 'settings.json'), 'utf8'));
}

function userWatcher(): string {
  const value = vscode.workspace.getConfiguration('slotpipe').inspect<{ endpoint: string }[]>('watchers')?.globalValue;
  assert.ok(value?.length, 'the user settings hold a watcher');
  return value[0].endpoint;
}

describe('untrusted workspace', () => {
  it('is untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('starts the watcher from user settings', async () => {
    const api = await slotpipe();
    const id = watcherId(userWatcher());
    await waitFor('the user watcher listening', () => api.manager.get(id)?.state === 'listening');
  });

  it('does not start watchers from the folder settings', async () => {
    const api = await slotpipe();
    const endpoint = folderSettings()['slotpipe.watchers'][0].endpoint;
    const status = api.manager.get(watcherId(endpoint));
    assert.ok(!status || status.state === 'stopped', `the folder's watcher is ${status?.state}`);
    assert.ok(api.manager.list().every((w) => w.origin === 'user' || w.state !== 'listening'));
    // Off Windows the pipe server would be a Unix socket at .NET's path.
    const socket = path.join(os.tmpdir(), `CoreFxPipe_${endpoint.split('\\').pop()}`);
    const offWindows = process.platform !== 'win32';
    if (offWindows) assert.equal(fs.existsSync(socket), false, 'no socket for the folder watcher');
    if (status) {
      await assert.rejects(api.manager.start(status.id), /not trusted/);
      if (offWindows) assert.equal(fs.existsSync(socket), false);
    }
  });

  it('does not write the capture file named in the folder settings', async () => {
    const api = await slotpipe();
    const file = folderSettings()['slotpipe.captureFile'];
    assert.equal(api.capture.path, undefined);
    assert.equal(fs.existsSync(file), false);
  });

  it('sends nothing: Send Message and Open Pipe Client refuse', async () => {
    const api = await slotpipe();
    const endpoint = userWatcher();
    const id = watcherId(endpoint);
    const sent = await vscode.commands.executeCommand('slotpipe.sendMessage', { endpoint, payload: 'must not be sent' });
    assert.equal(sent, undefined);
    const client = await vscode.commands.executeCommand('slotpipe.openPipeClient', endpoint);
    assert.equal(client, undefined);
    // A message from another process arrives; the refused one would have arrived before it.
    await sendFromAnotherProcess(endpoint, [bytesOf('marker')]);
    await waitFor('the marker', () => messagesOf(api, id).some((m) => text(m.bytes) === 'marker'));
    assert.deepEqual(messagesOf(api, id).map((m) => text(m.bytes)), ['marker']);
    assert.equal(messagesOf(api, `sent:${id}`).length, 0);
  });

  it('talks to no server and joins no chat: Connect, Ping and Open Mailslot Chat refuse, and no connection is made', async () => {
    const net = await import('node:net');
    let connections = 0;
    const server = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = `127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      assert.equal(await vscode.commands.executeCommand('slotpipe.connectServer', address), undefined);
      assert.equal(await vscode.commands.executeCommand('slotpipe.pingServer', address, 'ping', 1), undefined);
      assert.equal(await vscode.commands.executeCommand('slotpipe.openMailslotChat', '\\\\.\\mailslot\\untrusted-chat'), undefined);
      assert.equal(vscode.window.terminals.filter((t) => /^(TCP|Ping|Chat) /.test(t.name)).length, 0);
      // A connection attempt would have been accepted by now.
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(connections, 0);
    } finally {
      server.close();
    }
  });
});
