/** Export Capture writes JSON Lines and pcapng that Open Capture File reads back; the capture file setting records live traffic. */
import { watcherId } from '../../../extension/core/endpoint';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { bytesOf, freeUdpPort, messagesOf, sendFromAnotherProcess, setWatchers, slotpipe, text, uniqueName, waitFor } from './harness';

describe('capture files', () => {
  const mailslot = `\\\\.\\mailslot\\${uniqueName('capture')}`;
  const id = watcherId(mailslot);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-vscode-capture-'));
  let port = 0;

  before(async () => {
    port = await freeUdpPort();
    await setWatchers([{ endpoint: mailslot, decode: 'auto', autoStart: true, netbios: { port, bind: '127.0.0.1' } }]);
    const api = await slotpipe();
    await waitFor('the watcher listening', () => api.manager.get(id)?.state === 'listening');
    await vscode.commands.executeCommand('slotpipe.clearTraffic');
    await sendFromAnotherProcess(mailslot, [bytesOf('capture one'), new Uint8Array([1, 2, 3, 255])], { port, to: '127.0.0.1' });
    await waitFor('two messages', () => messagesOf(api, id).length >= 2);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('slotpipe').update('captureFile', undefined, vscode.ConfigurationTarget.Workspace);
    await setWatchers([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exports JSON Lines with hex bytes and decoded fields, and reads them back', async () => {
    const api = await slotpipe();
    const file = vscode.Uri.file(path.join(dir, 'export.jsonl'));
    const result = await vscode.commands.executeCommand<{ written: number }>('slotpipe.exportCapture', file);
    assert.equal(result?.written, api.services.log.stats().count);
    const lines = fs.readFileSync(file.fsPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const ours = lines.filter((l) => l.watcherId === id);
    assert.deepEqual(ours.map((l) => l.hex), [Buffer.from('capture one').toString('hex'), '010203ff']);
    assert.equal(ours[0].decoded.text, 'capture one');
    assert.equal(ours[0].endpoint, mailslot);

    await vscode.commands.executeCommand('slotpipe.clearTraffic');
    const loaded = await vscode.commands.executeCommand<{ count: number; format: string }>('slotpipe.openCaptureFile', file);
    assert.equal(loaded?.format, 'jsonl');
    assert.equal(loaded?.count, lines.length);
    const back = messagesOf(api, id);
    assert.deepEqual(back.map((m) => Buffer.from(m.bytes).toString('hex')), ours.map((l) => l.hex));
  });

  it('exports network traffic as pcapng and opens it again', async () => {
    const api = await slotpipe();
    await vscode.commands.executeCommand('slotpipe.clearTraffic');
    await sendFromAnotherProcess(mailslot, [bytesOf('on the wire')], { port, to: '127.0.0.1' });
    await waitFor('the datagram', () => messagesOf(api, id).some((m) => text(m.bytes) === 'on the wire'));
    const file = vscode.Uri.file(path.join(dir, 'export.pcapng'));
    const result = await vscode.commands.executeCommand<{ written: number; format: string }>('slotpipe.exportCapture', file);
    assert.equal(result?.format, 'pcapng');
    assert.ok(result!.written >= 1);
    const bytes = fs.readFileSync(file.fsPath);
    assert.equal(bytes.readUInt32LE(0), 0x0a0d0d0a, 'a pcapng section header block');

    await vscode.commands.executeCommand('slotpipe.clearTraffic');
    const loaded = await vscode.commands.executeCommand<{ count: number; format: string }>('slotpipe.openCaptureFile', file);
    assert.equal(loaded?.format, 'pcap');
    assert.equal(loaded?.count, result!.written);
    const stats = api.services.log.stats();
    const reloaded = api.services.log.range(stats.firstSeq, stats.count);
    assert.ok(reloaded.some((m) => text(m.bytes) === 'on the wire' && m.endpoint.toLowerCase() === mailslot.toLowerCase()));
  });

  it('appends every message to slotpipe.captureFile as it arrives', async () => {
    const api = await slotpipe();
    const file = path.join(dir, 'live.jsonl');
    await vscode.workspace.getConfiguration('slotpipe').update('captureFile', file, vscode.ConfigurationTarget.Workspace);
    await waitFor('the capture file open', () => api.capture.path === file);
    await sendFromAnotherProcess(mailslot, [bytesOf('live 1'), bytesOf('live 2')], { port, to: '127.0.0.1' });
    await waitFor('both in the log', () => messagesOf(api, id).filter((m) => text(m.bytes).startsWith('live ')).length === 2);
    await api.capture.flush();
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(lines.filter((l) => l.watcherId === id).map((l) => l.decoded.text), ['live 1', 'live 2']);
  });

  it('a captureFile in the workspace settings is written only as a regular file: no link followed, no FIFO waited on, made 0600', async () => {
    const api = await slotpipe();
    const config = () => vscode.workspace.getConfiguration('slotpipe');
    const target = path.join(dir, 'link-target.txt');
    fs.writeFileSync(target, 'precious\n', { mode: 0o644 });
    const link = path.join(dir, 'link.jsonl');
    fs.symlinkSync(target, link);
    const fifo = path.join(dir, 'fifo.jsonl');
    execFileSync('mkfifo', [fifo]);
    const open = path.join(dir, 'open-to-all.jsonl');
    fs.writeFileSync(open, '');
    fs.chmodSync(open, 0o666);

    // The workspace's .vscode/settings.json, as a cloned repository would bring it (the folder is trusted).
    await config().update('captureFile', link, vscode.ConfigurationTarget.Workspace);
    await waitFor('the link refused', () => api.capture.path === undefined);
    await sendFromAnotherProcess(mailslot, [bytesOf('while a link is set')], { port, to: '127.0.0.1' });
    await waitFor('the message logged', () => messagesOf(api, id).some((m) => text(m.bytes) === 'while a link is set'));
    await api.capture.flush();
    assert.equal(fs.readFileSync(target, 'utf8'), 'precious\n', 'nothing appended where the link points');

    await config().update('captureFile', fifo, vscode.ConfigurationTarget.Workspace);
    await config().update('captureFile', open, vscode.ConfigurationTarget.Workspace);
    // Reached only if the FIFO did not hold the recorder.
    await waitFor('the regular file in use', () => api.capture.path === open);
    await api.capture.flush();
    assert.equal(fs.statSync(open).mode & 0o777, 0o600);
    await sendFromAnotherProcess(mailslot, [bytesOf('after the fifo')], { port, to: '127.0.0.1' });
    await waitFor('the message logged', () => messagesOf(api, id).some((m) => text(m.bytes) === 'after the fifo'));
    await api.capture.flush();
    const lines = fs.readFileSync(open, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(lines.filter((l) => l.watcherId === id).map((l) => l.decoded.text), ['after the fifo']);
  });
});
