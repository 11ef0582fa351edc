/**
 * Watchers configured in settings start, receive what another process sends, and put it in the
 * TrafficLog; settings changes apply live. Off Windows: a Unix-socket pipe and NetBIOS datagrams on
 * a loopback UDP port (the same backends the extension uses on Linux and macOS).
 */
import { watcherId } from '../../../extension/core/endpoint';
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { writeAnnouncement } from '../../../extension/watchers/server-announcements';
import { bytesOf, freeUdpPort, messagesOf, sendFromAnotherProcess, setWatchers, slotpipe, text, uniqueName, waitFor } from './harness';

/** Off Windows a pipe server is a Unix socket at .NET's path; on Windows there is no file to look at. */
const unixSockets = process.platform !== 'win32';
function socketExists(pipeName: string): boolean | undefined {
  return unixSockets ? fs.existsSync(path.join(os.tmpdir(), `CoreFxPipe_${pipeName}`)) : undefined;
}

describe('watchers from settings', () => {
  const pipeName = uniqueName('pipe');
  const pipe = `\\\\.\\pipe\\${pipeName}`;
  const mailslot = `\\\\.\\mailslot\\${uniqueName('slot')}`;
  let port = 0;

  before(async () => {
    port = await freeUdpPort();
    await setWatchers([
      { endpoint: pipe, decode: 'text', autoStart: true },
      { endpoint: mailslot, decode: 'auto', autoStart: true, netbios: { port, bind: '127.0.0.1' } },
    ]);
  });

  after(() => setWatchers([]));

  it('start listening by themselves (autoStart)', async () => {
    const api = await slotpipe();
    const states = await waitFor('both watchers listening', () => {
      const list = api.manager.list();
      return list.length === 2 && list.every((w) => w.state === 'listening') ? list : undefined;
    });
    assert.deepEqual(states.map((w) => w.endpoint).sort(), [mailslot, pipe].sort());
  });

  it('Pipes on this machine lists the pipe the watcher serves', async () => {
    const pipes = await vscode.commands.executeCommand<{ path: string; name: string }[]>('slotpipe.refreshPipes');
    assert.ok(pipes?.some((p) => p.name.toLowerCase() === pipeName.toLowerCase()), `${pipeName} not in ${JSON.stringify(pipes?.map((p) => p.name))}`);
  });

  it('a Unix-socket pipe watcher logs what a separate process sends', async () => {
    const api = await slotpipe();
    const id = watcherId(pipe);
    await sendFromAnotherProcess(pipe, [bytesOf('hello from another process')]);
    const [message] = await waitFor('the pipe message in the log', () => {
      const found = messagesOf(api, id);
      return found.length ? found : undefined;
    });
    assert.equal(text(message.bytes), 'hello from another process');
    assert.equal(message.direction, 'in');
    assert.equal(message.endpoint, pipe);
    assert.ok(message.peer?.connection !== undefined, 'the pipe connection is named');
    assert.equal(api.manager.get(id)!.counters.messages, 1);
  });

  it('a NetBIOS datagram watcher on a loopback port logs what a separate process sends', async () => {
    const api = await slotpipe();
    const id = watcherId(mailslot);
    const payloads = [bytesOf('first datagram'), bytesOf('second datagram'), new Uint8Array([0, 1, 2, 0xfe, 0xff])];
    await sendFromAnotherProcess(mailslot, payloads, { port, to: '127.0.0.1' });
    const messages = await waitFor('three datagrams in the log', () => {
      const found = messagesOf(api, id);
      return found.length >= 3 ? found : undefined;
    });
    assert.deepEqual(messages.map((m) => [...m.bytes]), payloads.map((p) => [...p]));
    assert.ok(messages.every((m) => m.peer?.address?.startsWith('127.0.0.1:')), 'the sender address is recorded');
    assert.ok(messages.every((m) => m.wire && m.wire.length > m.bytes.length), 'the wire datagram is kept for pcapng');
  });

  it('lists a server announced with an MS_MESSAGE broadcast under Discovered servers', async () => {
    const api = await slotpipe();
    const serverPort = 40000 + Math.floor(Math.random() * 20000);
    await sendFromAnotherProcess(mailslot, [writeAnnouncement('127.0.0.1', serverPort)], { port, to: '127.0.0.1' });
    const server = await waitFor('the announced server', () => api.servers.list().find((s) => s.port === serverPort));
    assert.equal(server.address, `127.0.0.1:${serverPort}`);
    assert.equal(server.host, '127.0.0.1');
    assert.equal(server.struct, 'MS_MESSAGE');
    assert.equal(server.endpoint, mailslot);
  });

  it('Stop Watcher and Start Watcher work from the command palette commands', async () => {
    const api = await slotpipe();
    const id = watcherId(pipe);
    assert.equal(socketExists(pipeName), unixSockets || undefined, 'the socket exists while listening');
    await vscode.commands.executeCommand('slotpipe.stopWatcher', pipe);
    assert.equal(api.manager.get(id)!.state, 'stopped');
    assert.equal(socketExists(pipeName), unixSockets ? false : undefined, 'stopping removes the socket');
    await vscode.commands.executeCommand('slotpipe.startWatcher', pipe);
    assert.equal(api.manager.get(id)!.state, 'listening');
    await sendFromAnotherProcess(pipe, [bytesOf('after restart')]);
    await waitFor('the message after restart', () => messagesOf(api, id).some((m) => text(m.bytes) === 'after restart'));
  });

  it('removing a watcher from the settings stops it', async () => {
    const api = await slotpipe();
    await setWatchers([{ endpoint: mailslot, decode: 'auto', autoStart: true, netbios: { port, bind: '127.0.0.1' } }]);
    await waitFor('the pipe watcher to go', () => api.manager.list().length === 1);
    assert.equal(socketExists(pipeName), unixSockets ? false : undefined);
    assert.equal(api.manager.list()[0].state, 'listening');
  });

  it('Stop All Watchers stops every watcher', async () => {
    const api = await slotpipe();
    await vscode.commands.executeCommand('slotpipe.stopAllWatchers');
    assert.ok(api.manager.list().every((w) => w.state === 'stopped'));
  });
});
