/**
 * Discovered servers in the editor: an MS_MESSAGE announcement from another process lists the server; Connect
 * opens a terminal to it over TCP (a real server in this process answering "PONG <line>"), Ping measures
 * round trips, Copy address copies ip:port, and a refused connection is one clear line.
 */
import * as assert from 'node:assert/strict';
import net from 'node:net';
import * as vscode from 'vscode';
import { watcherId } from '../../../extension/core/endpoint';
import { writeAnnouncement } from '../../../extension/watchers/server-announcements';
import { encodeStruct, StructRegistry } from '../../../extension/decode/index';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClientTerminal } from '../../../extension/ui/terminal/client-terminal';
import { freeUdpPort, messagesOf, sendFromAnotherProcess, setWatchers, slotpipe, text, uniqueName, waitFor } from './harness';

describe('discovered servers', () => {
  const mailslot = `\\\\.\\mailslot\\${uniqueName('servers')}`;
  const id = watcherId(mailslot);
  let port = 0;
  let server: net.Server;
  let address = '';

  before(async () => {
    server = net.createServer((socket) => socket.on('data', (chunk) => socket.write(Buffer.concat([Buffer.from('PONG '), chunk]))));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    address = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    port = await freeUdpPort();
    await setWatchers([{ endpoint: mailslot, decode: 'struct:MS_MESSAGE', autoStart: true, netbios: { port, bind: '127.0.0.1' } }]);
    const api = await slotpipe();
    await waitFor('the watcher listening', () => api.manager.get(id)?.state === 'listening');
  });

  after(async () => {
    const config = vscode.workspace.getConfiguration('slotpipe');
    await config.update('serverAnnouncements', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('headers', undefined, vscode.ConfigurationTarget.Workspace);
    await setWatchers([]);
    server.close();
    for (const terminal of vscode.window.terminals) if (/^(TCP|Ping) /.test(terminal.name)) terminal.dispose();
  });

  it('lists an announced server as live, with its struct and announcer', async () => {
    const api = await slotpipe();
    const serverPort = Number(address.split(':')[1]);
    await sendFromAnotherProcess(mailslot, [writeAnnouncement('127.0.0.1', serverPort), writeAnnouncement('127.0.0.1', serverPort)], { port, to: '127.0.0.1' });
    const found = await waitFor('the server', () => api.servers.list().find((s) => s.address === address && s.count === 2));
    assert.equal(found.liveness, 'live');
    assert.equal(found.struct, 'MS_MESSAGE');
    assert.match(found.from ?? '', /127\.0\.0\.1:\d+/);
    assert.equal(await vscode.commands.executeCommand('slotpipe.copyServerAddress', address), address);
    assert.equal(await vscode.env.clipboard.readText(), address);
  });

  it('a struct of yours mapped in slotpipe.serverAnnouncements announces servers too', async () => {
    const api = await slotpipe();
    const source = '#define HELLO_MAGIC 0x48454c4f\ntypedef struct { unsigned int magic; /* magic: HELLO_MAGIC */ unsigned short port; char host[32]; unsigned int addr; } SERVER_HELLO;\n';
    const header = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-vscode-hello-')), 'hello.h');
    fs.writeFileSync(header, source);
    const config = vscode.workspace.getConfiguration('slotpipe');
    await config.update('headers', [header], vscode.ConfigurationTarget.Workspace);
    await config.update('serverAnnouncements', [{ struct: 'SERVER_HELLO', address: ['host', 'addr'], port: 'port' }], vscode.ConfigurationTarget.Workspace);
    await waitFor('the header parsed', () => api.services.structRegistry().get('SERVER_HELLO') !== undefined);
    const registry = StructRegistry.withBuiltins();
    registry.addHeader('hello.h', source);
    const hello = encodeStruct(registry.get('SERVER_HELLO')!, { magic: String(0x48454c4f), port: '7007', addr: String(0x0300000a) });
    await sendFromAnotherProcess(mailslot, [hello], { port, to: '127.0.0.1' });
    const found = await waitFor('the mapped server', () => api.servers.list().find((s) => s.address === '10.0.0.3:7007'));
    assert.equal(found.struct, 'SERVER_HELLO');
  });

  it('Connect: typed lines go out over TCP, replies come back timed and decoded, both logged', async () => {
    const api = await slotpipe();
    const pty = (await vscode.commands.executeCommand<ClientTerminal>('slotpipe.connectServer', address))!;
    await waitFor('connected', () => pty.state === 'connected');
    const terminal = vscode.window.terminals.find((t) => t.name === `TCP ${address}`);
    assert.ok(terminal, 'a terminal named after the server');
    terminal.sendText('hello server', true);
    await waitFor('the reply', () => /\d\d:\d\d:\d\d\.\d{3}.*◀ .*PONG hello server/.test(pty.transcript));
    const logged = messagesOf(api, `client:tcp://${address}`);
    assert.ok(logged.some((m) => m.direction === 'out' && text(m.bytes) === 'hello server'));
    assert.ok(logged.some((m) => m.direction === 'in' && text(m.bytes) === 'PONG hello server'));
    terminal.sendText('/input hex', true);
    terminal.sendText('41 42', true);
    await waitFor('the hex line\'s reply', () => pty.transcript.includes('PONG AB'));
  });

  it('Ping: the probe every N seconds, each round-trip time shown', async () => {
    const pty = (await vscode.commands.executeCommand<ClientTerminal>('slotpipe.pingServer', address, 'are you there', 0.2))!;
    await waitFor('three round trips', () => pty.roundTrips.length >= 3, 10_000);
    assert.ok(pty.roundTrips.every((ms) => ms >= 0 && ms < 5000), JSON.stringify(pty.roundTrips));
    assert.match(pty.transcript, /PONG are you there.*rtt \d+\.\d{3} ms/);
  });

  it('a refused connection is one clear line', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const nobody = `127.0.0.1:${(closed.address() as net.AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const pty = (await vscode.commands.executeCommand<ClientTerminal>('slotpipe.connectServer', nobody))!;
    await waitFor('the failure', () => pty.state === 'failed');
    assert.match(pty.transcript, new RegExp(`Cannot connect to tcp://${nobody.replace(/\./g, '\\.')}: tcp://.*connection refused \\(nothing listens on port \\d+ there\\)`));
  });
});
