/**
 * Sends the same message every N seconds (as the classic broadcasters do) until stopped; while it
 * runs a status-bar item says so, and clicking it stops the repetition.
 */
import * as vscode from 'vscode';
import type { MessageSender, SendTarget } from './message-sender';
import { errorMessage } from '../../core/error-message';

export const STOP_REPEAT_COMMAND = 'slotpipe.stopRepeat';

interface Repeat {
  target: SendTarget;
  timer: ReturnType<typeof setInterval>;
  sent: number;
}

export class RepeatSender implements vscode.Disposable {
  private readonly repeats = new Map<string, Repeat>();
  private readonly item = vscode.window.createStatusBarItem('slotpipe.repeat', vscode.StatusBarAlignment.Left, 49);

  constructor(
    private readonly sender: MessageSender,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.item.name = vscode.l10n.t('Slotpipe repeated send');
    this.item.command = STOP_REPEAT_COMMAND;
  }

  /** Sends now, then every `seconds`; a second repeat to the same endpoint replaces the first. */
  async start(target: SendTarget, bytes: Uint8Array, seconds: number): Promise<void> {
    if (!(seconds > 0)) throw new Error(vscode.l10n.t('repeat interval must be more than 0 seconds, got {0}', seconds));
    this.stop(target.endpoint);
    await this.sender.send(target, bytes);
    const repeat: Repeat = {
      target,
      sent: 1,
      timer: setInterval(() => {
        this.sender.send(target, bytes).then(
          () => {
            repeat.sent++;
            this.update();
          },
          (err: unknown) => {
            this.output.error(`repeated send to ${target.endpoint} stopped: ${errorMessage(err)}`);
            void vscode.window.showErrorMessage(vscode.l10n.t('Slotpipe: repeated send to {0} stopped: {1}', target.endpoint, errorMessage(err)));
            this.stop(target.endpoint);
          },
        );
      }, seconds * 1000),
    };
    this.repeats.set(target.endpoint.toLowerCase(), repeat);
    this.output.info(`sending to ${target.endpoint} every ${seconds} s`);
    this.update();
  }

  /** Stops one repetition (by endpoint), or all. Returns how many were stopped. */
  stop(endpoint?: string): number {
    const keys = endpoint ? [endpoint.toLowerCase()] : [...this.repeats.keys()];
    let stopped = 0;
    for (const key of keys) {
      const repeat = this.repeats.get(key);
      if (!repeat) continue;
      clearInterval(repeat.timer);
      this.repeats.delete(key);
      this.output.info(`stopped sending to ${repeat.target.endpoint} (${repeat.sent} sent)`);
      stopped++;
    }
    this.update();
    return stopped;
  }

  active(): string[] {
    return [...this.repeats.values()].map((r) => r.target.endpoint);
  }

  dispose(): void {
    this.stop();
    this.item.dispose();
  }

  private update(): void {
    const repeats = [...this.repeats.values()];
    if (!repeats.length) {
      this.item.hide();
      return;
    }
    const sent = repeats.reduce((sum, r) => sum + r.sent, 0);
    const where = repeats.length === 1 ? repeats[0].target.endpoint : vscode.l10n.t('{0} endpoints', repeats.length);
    this.item.text = `$(sync~spin) ${vscode.l10n.t('{0} · {1} sent', where, sent)}`;
    this.item.tooltip = vscode.l10n.t('Slotpipe is sending repeatedly to {0}. Click to stop.', repeats.map((r) => r.target.endpoint).join(', '));
    this.item.show();
  }
}
