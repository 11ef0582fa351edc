/** Open Pipe Client: a terminal whose typed lines reach a pipe server in another process, and whose replies are printed. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClientTerminal as PipeTerminal } from '../../../extension/ui/terminal/client-terminal';
import { messagesOf, slotpipe, startPeer, text, uniqueName, waitFor, type Peer } from './harness';

describe('pipe client terminal', () => {
  const pipe = `\\\\.\\pipe\\${uniqueName('term')}`;
  let echo: Peer;

  before(async () => {
    echo = startPeer('pipe-echo', [pipe]);
    await waitFor('the echo server', () => echo.output().includes('listening') || (echo.process.exitCode !== null && Promise.reject(new Error(echo.output()))));
  });

  after(async () => {
    await echo.kill();
    for (const terminal of vscode.window.terminals) if (terminal.name.startsWith('Pipe ')) terminal.dispose();
  });

  it('sends typed lines and prints the replies, and logs both directions', async () => {
    const api = await slotpipe();
    const pty = await vscode.commands.executeCommand<PipeTerminal>('slotpipe.openPipeClient', pipe);
    assert.ok(pty, 'the command returns the terminal');
    await waitFor('connected', () => pty.state === 'connected');
    const terminal = vscode.window.terminals.find((t) => t.name === `Pipe ${pipe.slice(9)}`);
    assert.ok(terminal, 'a terminal named after the pipe');
    terminal.sendText('hello pipe', true);
    await waitFor('the reply on screen', () => pty.transcript.includes('HELLO PIPE'));
    assert.match(pty.transcript, /Connected.* to \\\\\.\\pipe\\/);
    const logged = messagesOf(api, `client:${pipe.toLowerCase()}`);
    const out = logged.find((m) => m.direction === 'out');
    const back = logged.find((m) => m.direction === 'in');
    assert.ok(out && text(out.bytes).startsWith('hello pipe'), 'the sent line is logged as out');
    assert.ok(back && text(back.bytes).startsWith('HELLO PIPE'), 'the reply is logged as in');
  });

  it('shows a broken pipe clearly when the server goes away', async () => {
    const pty = await vscode.commands.executeCommand<PipeTerminal>('slotpipe.openPipeClient', pipe);
    await waitFor('connected', () => pty.state === 'connected');
    await echo.kill();
    await waitFor('the broken pipe', () => pty.state === 'closed');
    await waitFor('the message', () => pty.transcript.includes('Broken pipe'));
  });

  it('says clearly when nobody serves the pipe', async () => {
    const missing = `\\\\.\\pipe\\${uniqueName('none')}`;
    const pty = await vscode.commands.executeCommand<PipeTerminal>('slotpipe.openPipeClient', missing);
    await waitFor('failed', () => pty.state === 'failed');
    assert.match(pty.transcript, /Cannot connect to .*: .+/);
  });
});
