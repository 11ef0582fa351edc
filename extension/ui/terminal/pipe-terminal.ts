/**
 * Open Pipe Client: a terminal connected to a pipe as a client. Each typed line is sent as one
 * message; replies are printed as text (or hex when they are binary, or always after `/hex`).
 * The connection state and a broken pipe are shown plainly; both directions go to the TrafficLog.
 */
import * as vscode from 'vscode';
import type { Endpoint } from '../../core/endpoint';
import type { PipeClient, WatcherEvent } from '../../core/backend';
import type { ConnectionEvents } from '../../core/conversations';
import type { RawMessage } from '../../core/message';
import type { TrafficLog } from '../../core/traffic-log';
import { connectPipe } from '../../backends';
import { toHex, parseHex } from '../../core/hex';
import { errorMessage } from '../../core/error-message';

export type PipeTerminalState = 'connecting' | 'connected' | 'closed' | 'failed';

const TRANSCRIPT_LIMIT = 64 * 1024;
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
const RED = '\x1b[31m';
const GREEN = '\x1b[32m';
const CYAN = '\x1b[36m';

function help(): string {
  return [
    vscode.l10n.t('Type a line and press Enter to send it as one message.'),
    `  /hex aa bb cc   ${vscode.l10n.t('send bytes given in hex')}`,
    `  /show text|hex  ${vscode.l10n.t('print replies as text (default: text when readable) or always as hex')}`,
    `  /newline on|off ${vscode.l10n.t('add "\\n" to each typed line (default: off in message mode, on in byte mode)')}`,
    `  /quit           ${vscode.l10n.t('close the connection')}`,
  ].join('\n');
}

export class PipeTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  private readonly stateEmitter = new vscode.EventEmitter<PipeTerminalState>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  /** For callers (and tests) that follow the connection. */
  readonly onDidChangeState = this.stateEmitter.event;
  private client: PipeClient | undefined;
  private line = '';
  private showHex = false;
  private appendNewline = false;
  private current: PipeTerminalState = 'connecting';
  private written = '';
  private readonly watcherId: string;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly log: TrafficLog,
    private readonly output: vscode.LogOutputChannel,
    private readonly conversations?: ConnectionEvents,
  ) {
    this.watcherId = `client:${endpoint.path.toLowerCase()}`;
  }

  get state(): PipeTerminalState {
    return this.current;
  }

  /** The last 64 KiB written to the terminal, escape codes included. */
  get transcript(): string {
    return this.written;
  }

  open(): void {
    this.print(`${DIM}${vscode.l10n.t('Slotpipe pipe client — {0}', this.endpoint.path)}${RESET}`);
    this.print(`${DIM}${vscode.l10n.t('Connecting…')}${RESET}`);
    connectPipe(this.endpoint, {}, {
      messages: (batch) => this.received(batch),
      event: (event) => this.onEvent(event),
    }).then(
      (client) => {
        if (this.current !== 'connecting') {
          void client.close();
          return;
        }
        this.client = client;
        this.appendNewline = !client.messageMode;
        this.setState('connected');
        const mode = client.messageMode ? vscode.l10n.t('message mode') : vscode.l10n.t('byte mode');
        this.print(`${GREEN}● ${vscode.l10n.t('Connected to {0} ({1}). /help for commands.', this.endpoint.path, mode)}${RESET}`);
        this.prompt();
      },
      (err: unknown) => {
        this.setState('failed');
        this.print(`${RED}✖ ${vscode.l10n.t('Cannot connect to {0}: {1}', this.endpoint.path, errorMessage(err))}${RESET}`);
        this.print(`${DIM}${vscode.l10n.t('Press any key to close this terminal.')}${RESET}`);
      },
    );
  }

  close(): void {
    this.disconnect();
  }

  handleInput(data: string): void {
    if (this.current === 'failed' || this.current === 'closed') {
      this.closeEmitter.fire();
      return;
    }
    for (const ch of data) {
      if (ch === '\r' || ch === '\n') {
        const line = this.line;
        this.line = '';
        this.write('\r\n');
        void this.submit(line);
      } else if (ch === '\x7f' || ch === '\b') {
        if (this.line.length) {
          this.line = this.line.slice(0, -1);
          this.write('\b \b');
        }
      } else if (ch === '\x03') {
        this.line = '';
        this.write('^C\r\n');
        this.prompt();
      } else if (ch >= ' ') {
        this.line += ch;
        this.write(ch);
      }
    }
  }

  private async submit(line: string): Promise<void> {
    const command = /^\/(\w+)\s*(.*)$/.exec(line.trim());
    try {
      if (command) {
        await this.runCommand(command[1], command[2]);
      } else if (line !== '') {
        await this.send(new TextEncoder().encode(this.appendNewline ? `${line}\n` : line));
      }
    } catch (err) {
      this.print(`${RED}✖ ${errorMessage(err)}${RESET}`);
    }
    if (this.current === 'connected') this.prompt();
  }

  private async runCommand(name: string, rest: string): Promise<void> {
    switch (name) {
      case 'hex':
        await this.send(parseHex(rest));
        return;
      case 'show':
        if (rest !== 'text' && rest !== 'hex') throw new Error(vscode.l10n.t('use /show text or /show hex'));
        this.showHex = rest === 'hex';
        this.print(`${DIM}${rest === 'hex' ? vscode.l10n.t('replies shown as hex') : vscode.l10n.t('replies shown as text')}${RESET}`);
        return;
      case 'newline':
        if (rest !== 'on' && rest !== 'off') throw new Error(vscode.l10n.t('use /newline on or /newline off'));
        this.appendNewline = rest === 'on';
        return;
      case 'quit':
        this.disconnect();
        this.closeEmitter.fire();
        return;
      case 'help':
        this.print(help());
        return;
      default:
        throw new Error(vscode.l10n.t('unknown command /{0}; /help lists them', name));
    }
  }

  private async send(bytes: Uint8Array): Promise<void> {
    if (!this.client || this.current !== 'connected') throw new Error(vscode.l10n.t('not connected'));
    await this.client.send(bytes);
  }

  /** What came back, and what was sent (the backend reports both, with the connection): all logged, replies shown. */
  private received(batch: RawMessage[]): void {
    this.log.append(this.watcherId, this.endpoint.path, batch);
    for (const message of batch) {
      if (message.direction !== 'in') continue;
      this.write(`\r\x1b[K${CYAN}◀ ${vscode.l10n.t('{0} bytes', message.bytes.length)}${RESET} ${this.render(message.bytes)}\r\n`);
    }
    if (this.current === 'connected') this.prompt();
  }

  private render(bytes: Uint8Array): string {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/\n$/, '');
    const readable = !/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]/.test(text);
    if (!this.showHex && readable) return text.replace(/\r?\n/g, '\r\n');
    return toHex(bytes).replace(/(..)(?!$)/g, '$1 ');
  }

  private onEvent(event: WatcherEvent): void {
    if (event.type === 'connected') {
      this.conversations?.connected(this.watcherId, this.endpoint.path, event.peer, Date.now());
    } else if (event.type === 'disconnected') {
      this.conversations?.disconnected(this.watcherId, event.peer, Date.now(), event.reason);
    }
    if (event.type === 'disconnected' || event.type === 'stopped' || (event.type === 'error' && event.fatal)) {
      if (this.current !== 'connected') return;
      const reason = event.type === 'disconnected' ? event.reason ?? vscode.l10n.t('the server closed the pipe')
        : event.type === 'error' ? event.message : vscode.l10n.t('the connection ended');
      this.setState('closed');
      this.client = undefined;
      this.print(`\r\x1b[K${RED}✖ ${vscode.l10n.t('Broken pipe: {0}', reason)}${RESET}`);
      this.print(`${DIM}${vscode.l10n.t('Press any key to close this terminal.')}${RESET}`);
      this.output.info(`pipe client ${this.endpoint.path}: ${reason}`);
    } else if (event.type === 'error') {
      this.print(`\r\x1b[K${RED}! ${event.message}${RESET}`);
    }
  }

  private disconnect(): void {
    const client = this.client;
    this.client = undefined;
    if (this.current === 'connecting' || this.current === 'connected') this.setState('closed');
    void client?.close().catch(() => undefined);
  }

  private setState(state: PipeTerminalState): void {
    this.current = state;
    this.stateEmitter.fire(state);
  }

  private prompt(): void {
    this.write(`${DIM}▶${RESET} ${this.line}`);
  }

  private write(data: string): void {
    this.written = (this.written + data).slice(-TRANSCRIPT_LIMIT);
    this.writeEmitter.fire(data);
  }

  private print(text: string): void {
    this.write(`${text.replace(/\r?\n/g, '\r\n')}\r\n`);
  }
}
