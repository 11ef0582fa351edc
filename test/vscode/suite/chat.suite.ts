/**
 * Open Mailslot Chat and one message record in the editor: a chat terminal on a local mailslot (NetBIOS
 * datagrams on loopback, from slotpipe.chat) shows another program's line with its sender and not its own
 * a second time; what `slotpipe watch --json` printed opens with Open Capture File, byte for byte.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ChatTerminal } from '../../../extension/ui/terminal/chat-terminal';
import { bytesOf, freeUdpPort, messagesOf, sendFromAnotherProcess, slotpipe, uniqueName, waitFor } from './harness';

describe('mailslot chat and CLI captures', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-vscode-chat-'));

  after(async () => {
    await vscode.workspace.getConfiguration('slotpipe').update('chat', undefined, vscode.ConfigurationTarget.Workspace);
    for (const terminal of vscode.window.terminals) if (terminal.name.startsWith('Chat ')) terminal.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Open Mailslot Chat: others\' lines with their sender, our own not twice', async () => {
    const port = await freeUdpPort();
    await vscode.workspace.getConfiguration('slotpipe').update('chat', { to: '127.0.0.1', port, name: 'EDITOR' }, vscode.ConfigurationTarget.Workspace);
    const api = await slotpipe();
    await waitFor('the chat setting', () => api.services.settings.settings.chat.port === port);
    const name = uniqueName('chat');
    const pty = (await vscode.commands.executeCommand<ChatTerminal>('slotpipe.openMailslotChat', `\\\\.\\mailslot\\${name}`))!;
    await waitFor('joined', () => pty.joined);
    assert.match(pty.transcript, /Chatting as EDITOR on \\\\\.\\mailslot\\.* \(NetBIOS datagrams as EDITOR to 127\.0\.0\.1:\d+\)/);
    await sendFromAnotherProcess(`\\\\.\\mailslot\\${name}`, [bytesOf('hello from elsewhere')], { port, to: '127.0.0.1' });
    await waitFor('the other line', () => /\S+: hello from elsewhere/.test(pty.transcript));
    const terminal = vscode.window.terminals.find((t) => t.name === `Chat ${name}`)!;
    terminal.sendText('my own line', true);
    await waitFor('our line back', () => pty.counts?.own === 1);
    assert.deepEqual(pty.counts, { sent: 1, shown: 1, own: 1 });
    assert.ok(!/EDITOR\S*: my own line/.test(pty.transcript), 'our own line is not shown as received');
    assert.equal(messagesOf(api, `chat:${name.toLowerCase()}`).length, 2, 'both datagrams are in the traffic log');
  });

  it('what slotpipe watch --json printed opens with Open Capture File, byte for byte', async () => {
    const port = await freeUdpPort();
    const mailslot = `\\\\.\\mailslot\\${uniqueName('cli')}`;
    const file = path.join(dir, 'cli.jsonl');
    const out = fs.openSync(file, 'w');
    const cli = path.resolve(__dirname, '..', 'fixtures', 'slotpipe-cli.js');
    const watch = spawn(process.execPath, [cli, 'watch', mailslot, '--port', String(port), '--bind', '127.0.0.1', '--count', '3', '--json'], {
      stdio: ['ignore', out, 'pipe'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    fs.closeSync(out);
    let stderr = '';
    watch.stderr!.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => watch.on('exit', resolve));
    await waitFor('the CLI watching', () => /watching /.test(stderr) || (watch.exitCode !== null && Promise.reject(new Error(stderr))));
    const sent = [bytesOf('from the command line'), new Uint8Array([0, 1, 2, 0xff]), bytesOf('third\0')];
    await sendFromAnotherProcess(mailslot, sent, { port, to: '127.0.0.1' });
    assert.equal(await exited, 0, stderr);

    const api = await slotpipe();
    await vscode.commands.executeCommand('slotpipe.clearTraffic');
    const loaded = await vscode.commands.executeCommand<{ count: number; format: string; problems: string[] }>('slotpipe.openCaptureFile', vscode.Uri.file(file));
    assert.deepEqual([loaded?.format, loaded?.count, loaded?.problems], ['jsonl', 3, []]);
    const back = messagesOf(api, mailslot.toLowerCase());
    assert.deepEqual(back.map((m) => [...m.bytes]), sent.map((b) => [...b]));
    const printed = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(back.map((m) => [m.time, m.endpoint, m.direction, m.flags, m.peer]), printed.map((p) => [p.time, mailslot, 'in', p.flags, p.peer]));
    assert.deepEqual(back.map((m) => Buffer.from(m.wire!).toString('hex')), printed.map((p) => p.wireHex), 'the wire packets too (pcapng export)');
  });
});
