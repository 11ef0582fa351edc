/**
 * What every Slotpipe terminal shares: a line editor (typing, backspace, Ctrl-C, Enter), a prompt kept
 * below what is printed, and the last 64 KiB of output for callers and tests. A subclass says what a
 * submitted line does and when the terminal takes input.
 */
import * as vscode from 'vscode';

const TRANSCRIPT_LIMIT = 64 * 1024;
export const RESET = '\x1b[0m';
export const DIM = '\x1b[2m';
export const RED = '\x1b[31m';
export const GREEN = '\x1b[32m';
export const CYAN = '\x1b[36m';
export const YELLOW = '\x1b[33m';

export abstract class LineTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  protected readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private line = '';
  private written = '';

  /** The last 64 KiB written to the terminal, escape codes included. */
  get transcript(): string {
    return this.written;
  }

  abstract open(): void;
  abstract close(): void;
  /** A line the person entered. */
  protected abstract submit(line: string): Promise<void>;
  /** Whether typing goes to the line editor; otherwise any key closes the terminal (after a failure). */
  protected abstract accepting(): boolean;

  handleInput(data: string): void {
    if (!this.accepting()) {
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

  protected prompt(): void {
    this.write(`${DIM}▶${RESET} ${this.line}`);
  }

  /** Prints above the prompt: clears the line being typed, prints, and puts the prompt back when asked. */
  protected printAbove(text: string, reprompt: boolean): void {
    this.write(`\r\x1b[K${text.replace(/\r?\n/g, '\r\n')}\r\n`);
    if (reprompt) this.prompt();
  }

  protected write(data: string): void {
    this.written = (this.written + data).slice(-TRANSCRIPT_LIMIT);
    this.writeEmitter.fire(data);
  }

  protected print(text: string): void {
    this.write(`${text.replace(/\r?\n/g, '\r\n')}\r\n`);
  }
}

/** `12:00:00.123` in local time. */
export function clock(time: number): string {
  const d = new Date(time);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}
