/**
 * A terminal connected as a client: to a pipe (Open Pipe Client) or over TCP to a discovered server
 * (Connect, Ping). Each typed line is sent as one message (as text, or as hex after `/input hex`);
 * replies are printed with their time, decoded like any message (text, a struct's summary, or hex).
 * `/ping N PROBE` sends the probe every N seconds and prints each round-trip time. The connection state
 * and its end (refused, timed out, reset, closed) are one line each; both directions go to the TrafficLog.
 */
import * as vscode from 'vscode';
import type { PipeClient, WatcherSink, WatcherEvent } from '../../core/backend';
import type { ConnectionEvents } from '../../core/conversations';
import type { RawMessage } from '../../core/message';
import type { TrafficLog } from '../../core/traffic-log';
import { toHex, parseHex } from '../../core/hex';
import { escapeText } from '../../core/escape';
import { decode, type StructRegistry } from '../../decode/index';
import { clock, CYAN, DIM, GREEN, LineTerminal, RED, RESET, YELLOW } from './line-terminal';
import { errorMessage } from '../../core/error-message';

export type ClientTerminalState = 'connecting' | 'connected' | 'closed' | 'failed';

/** What the terminal connects to and how it names it. */
export interface ClientTarget {
  /** `\\.\pipe\ssnp`, `tcp://10.0.0.5:5000`: the endpoint its messages are logged under. */
  path: string;
  /** The first line: `Slotpipe pipe client — …`. */
  title: string;
  connect(sink: WatcherSink): Promise<PipeClient>;
  /** How the connection's end is introduced (`Broken pipe`, `Connection closed`). */
  endedLabel: string;
  /** Add "\n" to typed lines by default (byte streams read lines). */
  newlineByDefault?(client: PipeClient): boolean;
  /** The words after "Connected to X": `(message mode)`. */
  describe?(client: PipeClient): string;
}

export interface PingOptions {
  probe: Uint8Array;
  seconds: number;
}


function help(): string {
  return [
    vscode.l10n.t('Type a line and press Enter to send it as one message.'),
    `  /hex aa bb cc      ${vscode.l10n.t('send bytes given in hex')}`,
    `  /input text|hex    ${vscode.l10n.t('typed lines are text (default) or hex bytes')}`,
    `  /show text|hex     ${vscode.l10n.t('print replies decoded (default) or always as hex')}`,
    `  /newline on|off    ${vscode.l10n.t('add "\\n" to each typed line (default: off in message mode, on for byte streams)')}`,
    `  /ping N [PROBE]    ${vscode.l10n.t('send PROBE (default "ping") every N seconds and print each round-trip time; /ping off stops')}`,
    `  /quit              ${vscode.l10n.t('close the connection')}`,
  ].join('\n');
}

export class ClientTerminal extends LineTerminal {
  private readonly stateEmitter = new vscode.EventEmitter<ClientTerminalState>();
  /** For callers (and tests) that follow the connection. */
  readonly onDidChangeState = this.stateEmitter.event;
  private client: PipeClient | undefined;
  private showHex = false;
  private hexInput = false;
  private appendNewline = false;
  private current: ClientTerminalState = 'connecting';
  private readonly watcherId: string;
  private ping: { timer: ReturnType<typeof setInterval>; options: PingOptions; sentAt?: number } | undefined;
  /** Round-trip times measured by /ping, in ms (for callers and tests). */
  readonly roundTrips: number[] = [];

  constructor(
    private readonly target: ClientTarget,
    private readonly log: TrafficLog,
    private readonly output: vscode.LogOutputChannel,
    private readonly registry: () => StructRegistry,
    private readonly conversations?: ConnectionEvents,
    private readonly startPing?: PingOptions,
  ) {
    super();
    this.watcherId = `client:${target.path.toLowerCase()}`;
  }

  get state(): ClientTerminalState {
    return this.current;
  }

  open(): void {
    this.print(`${DIM}${this.target.title}${RESET}`);
    this.print(`${DIM}${vscode.l10n.t('Connecting…')}${RESET}`);
    this.target.connect({
      messages: (batch) => this.received(batch),
      event: (event) => this.onEvent(event),
    }).then(
      (client) => {
        if (this.current !== 'connecting') {
          void client.close();
          return;
        }
        this.client = client;
        this.appendNewline = this.target.newlineByDefault?.(client) ?? false;
        this.setState('connected');
        const how = this.target.describe ? ` ${this.target.describe(client)}` : '';
        this.print(`${GREEN}● ${vscode.l10n.t('Connected to {0}{1}. /help for commands.', this.target.path, how)}${RESET}`);
        if (this.startPing) this.startPinging(this.startPing);
        this.prompt();
      },
      (err: unknown) => {
        this.setState('failed');
        this.print(`${RED}✖ ${vscode.l10n.t('Cannot connect to {0}: {1}', this.target.path, errorMessage(err))}${RESET}`);
        this.print(`${DIM}${vscode.l10n.t('Press any key to close this terminal.')}${RESET}`);
      },
    );
  }

  close(): void {
    this.disconnect();
  }

  protected accepting(): boolean {
    return this.current !== 'failed' && this.current !== 'closed';
  }

  protected async submit(line: string): Promise<void> {
    const command = /^\/(\w+)\s*(.*)$/.exec(line.trim());
    try {
      if (command) {
        await this.runCommand(command[1], command[2]);
      } else if (line !== '') {
        await this.send(this.hexInput ? parseHex(line) : new TextEncoder().encode(this.appendNewline ? `${line}\n` : line));
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
      case 'input':
        if (rest !== 'text' && rest !== 'hex') throw new Error(vscode.l10n.t('use /input text or /input hex'));
        this.hexInput = rest === 'hex';
        this.print(`${DIM}${this.hexInput ? vscode.l10n.t('typed lines are sent as hex bytes') : vscode.l10n.t('typed lines are sent as text')}${RESET}`);
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
      case 'ping':
        this.runPing(rest);
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

  private runPing(rest: string): void {
    if (rest === 'off') {
      this.stopPinging();
      this.print(`${DIM}${vscode.l10n.t('ping stopped')}${RESET}`);
      return;
    }
    const match = /^(\d+(?:\.\d+)?)(?:\s+(.+))?$/.exec(rest);
    const seconds = match ? Number(match[1]) : NaN;
    if (!match || !(seconds >= 0.1 && seconds <= 3600)) throw new Error(vscode.l10n.t('use /ping SECONDS [PROBE] (0.1 to 3600 seconds), or /ping off'));
    this.startPinging({ seconds, probe: new TextEncoder().encode(match[2] ?? 'ping') });
  }

  private startPinging(options: PingOptions): void {
    this.stopPinging();
    const tick = () => {
      if (!this.ping) return;
      if (this.ping.sentAt !== undefined) this.print(`\r\x1b[K${YELLOW}⌛ ${vscode.l10n.t('no reply within {0} s', options.seconds)}${RESET}`);
      this.ping.sentAt = performance.now();
      this.send(options.probe).catch((err: unknown) => this.print(`\r\x1b[K${RED}✖ ${errorMessage(err)}${RESET}`));
    };
    this.ping = { timer: setInterval(tick, options.seconds * 1000), options };
    this.print(`${DIM}${vscode.l10n.t('pinging every {0} s with {1} bytes', options.seconds, options.probe.length)}${RESET}`);
    tick();
  }

  private stopPinging(): void {
    if (this.ping) clearInterval(this.ping.timer);
    this.ping = undefined;
  }

  private async send(bytes: Uint8Array): Promise<void> {
    if (!this.client || this.current !== 'connected') throw new Error(vscode.l10n.t('not connected'));
    await this.client.send(bytes);
  }

  /** What came back, and what was sent (the backend reports both, with the connection): all logged, replies shown. */
  private received(batch: RawMessage[]): void {
    this.log.append(this.watcherId, this.target.path, batch);
    for (const message of batch) {
      if (message.direction !== 'in') continue;
      let rtt = '';
      if (this.ping?.sentAt !== undefined) {
        const ms = performance.now() - this.ping.sentAt;
        this.ping.sentAt = undefined;
        this.roundTrips.push(ms);
        rtt = `  ${YELLOW}${vscode.l10n.t('rtt {0} ms', ms.toFixed(3))}${RESET}`;
      }
      this.write(`\r\x1b[K${DIM}${clock(message.time)}${RESET} ${CYAN}◀ ${vscode.l10n.t('{0} bytes', message.bytes.length)}${RESET} ${this.render(message.bytes)}${rtt}\r\n`);
    }
    if (this.current === 'connected') this.prompt();
  }

  private render(bytes: Uint8Array): string {
    const hex = () => toHex(bytes).replace(/(..)(?!$)/g, '$1 ');
    if (this.showHex) return hex();
    const view = decode(bytes, 'auto', this.registry());
    if (view.fields) return `${view.decoder}: ${view.summary}`;
    if (view.decoder === 'hex' || view.text === undefined) return hex();
    // Terminal control characters in a reply are shown, never obeyed.
    return escapeText(view.text.replace(/\n$/, ''), false).replace(/\r?\n/g, '\r\n');
  }

  private onEvent(event: WatcherEvent): void {
    if (event.type === 'connected') {
      this.conversations?.connected(this.watcherId, this.target.path, event.peer, Date.now());
    } else if (event.type === 'disconnected') {
      this.conversations?.disconnected(this.watcherId, event.peer, Date.now(), event.reason);
    }
    if (event.type === 'disconnected' || event.type === 'stopped' || (event.type === 'error' && event.fatal)) {
      if (this.current !== 'connected') return;
      const reason = event.type === 'disconnected' ? event.reason ?? vscode.l10n.t('the other side closed the connection')
        : event.type === 'error' ? event.message : vscode.l10n.t('the connection ended');
      this.stopPinging();
      this.setState('closed');
      this.client = undefined;
      this.print(`\r\x1b[K${RED}✖ ${this.target.endedLabel}: ${reason}${RESET}`);
      this.print(`${DIM}${vscode.l10n.t('Press any key to close this terminal.')}${RESET}`);
      this.output.info(`client ${this.target.path}: ${reason}`);
    } else if (event.type === 'error') {
      this.print(`\r\x1b[K${RED}! ${event.message}${RESET}`);
    }
  }

  private disconnect(): void {
    this.stopPinging();
    const client = this.client;
    this.client = undefined;
    if (this.current === 'connecting' || this.current === 'connected') this.setState('closed');
    void client?.close().catch(() => undefined);
  }

  private setState(state: ClientTerminalState): void {
    this.current = state;
    this.stateEmitter.fire(state);
  }
}
