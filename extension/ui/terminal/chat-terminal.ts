/**
 * Open Mailslot Chat: a terminal in the mailslot conference. Each typed line goes to everyone reading
 * the mailslot; everyone else's lines are printed with their time and sender. What arrives is logged to
 * the traffic panel too.
 */
import * as vscode from 'vscode';
import { openMailslotChat, type ChatOptions, type MailslotChat } from '../../chat/mailslot-chat';
import type { TrafficLog } from '../../core/traffic-log';
import { clock, DIM, GREEN, LineTerminal, RED, RESET } from './line-terminal';
import { errorMessage } from '../../core/error-message';

export class ChatTerminal extends LineTerminal {
  private chat: MailslotChat | undefined;
  private failed = false;
  private closed = false;

  constructor(
    private readonly options: ChatOptions,
    private readonly log: TrafficLog,
    private readonly output: vscode.LogOutputChannel,
  ) {
    super();
  }

  /** Lines sent and shown, and our own that came back (for callers and tests). */
  get counts() {
    return this.chat?.counts;
  }

  get joined(): boolean {
    return this.chat !== undefined;
  }

  open(): void {
    const { endpoint } = this.options;
    this.print(`${DIM}${vscode.l10n.t('Slotpipe mailslot chat — {0}', endpoint.path)}${RESET}`);
    const watcherId = `chat:${endpoint.name.toLowerCase()}`;
    const local = `\\\\.\\mailslot\\${endpoint.name}`;
    openMailslotChat(this.options, {
      line: (line) => this.printAbove(`${DIM}${clock(line.time)}${RESET} ${GREEN}${line.from}${RESET}: ${line.text}`, this.chat !== undefined),
      messages: (batch) => this.log.append(watcherId, local, batch),
      event: (event) => {
        if (event.type === 'error') this.printAbove(`${RED}! ${event.message}${RESET}`, this.chat !== undefined);
      },
    }).then(
      (chat) => {
        if (this.closed) {
          void chat.close();
          return;
        }
        this.chat = chat;
        this.print(`${GREEN}● ${vscode.l10n.t('Chatting as {0} on {1} ({2}). Lines you type go to everyone; /quit leaves.', chat.name, endpoint.path, chat.description)}${RESET}`);
        this.output.info(`chat on ${endpoint.path}: ${chat.description}`);
        this.prompt();
      },
      (err: unknown) => {
        this.failed = true;
        this.print(`${RED}✖ ${vscode.l10n.t('Cannot join the chat on {0}: {1}', endpoint.path, errorMessage(err))}${RESET}`);
        this.print(`${DIM}${vscode.l10n.t('Press any key to close this terminal.')}${RESET}`);
      },
    );
  }

  close(): void {
    this.closed = true;
    const chat = this.chat;
    this.chat = undefined;
    void chat?.close().catch(() => undefined);
  }

  protected accepting(): boolean {
    return !this.failed && !this.closed;
  }

  protected async submit(line: string): Promise<void> {
    if (line.trim() === '/quit') {
      this.close();
      this.closeEmitter.fire();
      return;
    }
    try {
      if (!this.chat) throw new Error(vscode.l10n.t('not in the chat yet'));
      if (line.trim() !== '') await this.chat.say(line);
    } catch (err) {
      this.print(`${RED}✖ ${errorMessage(err)}${RESET}`);
    }
    if (this.chat) this.prompt();
  }
}
