/**
 * One open traffic panel, host side: answers the webview's row requests, applies its filter, and
 * announces new traffic at most ~30 times a second — never while the panel is hidden.
 */
import * as vscode from 'vscode';
import type { TrafficMessage } from '../../core/message';
import {
  FromWebview, PanelChannel, ToWebview, type FromWebviewMessage, type PanelWatcher, type ToWebviewMessage,
} from '../../core/panel-protocol';
import type { SlotpipeServices } from '../services';
import { panelHtml, panelOptions } from './panel-html';
import { AnnouncePacer } from './announce-pacer';
import { PanelResponder } from './panel-responder';
import type { RateHistory } from './rate-history';
import { errorMessage } from '../../core/error-message';

export class PanelSession implements vscode.Disposable {
  private readonly channel: PanelChannel<FromWebviewMessage, ToWebviewMessage>;
  private readonly responder: PanelResponder;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pacer: AnnouncePacer;
  private disposed = false;
  /** Whether the webview shows the newest rows as they come (follows, not paused): then they travel with each announcement. */
  private following = true;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly services: SlotpipeServices,
    rates: RateHistory,
    extensionUri: vscode.Uri,
    onDispose: () => void,
  ) {
    this.responder = new PanelResponder(services.log, rates, services.conversations, () => services.unansweredAfterMs());
    this.pacer = new AnnouncePacer(() => this.post({ type: ToWebview.Announce, view: this.responder.announcement(Date.now(), this.following) }));
    this.channel = new PanelChannel((message) => void panel.webview.postMessage(message));
    panel.webview.options = panelOptions(extensionUri);
    panel.webview.html = panelHtml(panel.webview, extensionUri);

    this.channel.on(FromWebview.Ready, () => this.sendEverything());
    this.channel.on(FromWebview.Announced, () => this.pacer.acknowledged());
    this.channel.onRequest(FromWebview.GetRows, (request) => this.responder.rows(request));
    this.channel.onRequest(FromWebview.GetConversations, ({ count }) => this.responder.conversationList(count, Date.now()));
    this.channel.onRequest(FromWebview.GetPairs, (request) => this.responder.pairs(request, Date.now()));
    this.channel.onRequest(FromWebview.SetFilter, ({ text }) => {
      const answer = this.responder.setFilter(text);
      // Announced after the answer has gone: the webview keeps the filter before it shows the filtered rows.
      if (!answer.error) this.pacer.request();
      return answer;
    });
    this.channel.on(FromWebview.SetWatcherDecoder, ({ watcherId, decode }) => {
      services.setWatcherDecoder(watcherId, decode).catch((error: unknown) => this.report(vscode.l10n.t('Could not save the decoder for {0}', watcherId), error));
    });
    this.channel.on(FromWebview.Clear, () => this.clear());
    this.channel.on(FromWebview.FollowChanged, ({ follow }) => (this.following = follow));
    this.channel.on(FromWebview.Copy, ({ text }) => {
      vscode.env.clipboard.writeText(text).then(
        () => vscode.window.setStatusBarMessage(vscode.l10n.t('Slotpipe: copied'), 2000),
        (error: unknown) => this.report(vscode.l10n.t('Could not copy'), error),
      );
    });

    const unsubscribe = services.log.onAppend((batch) => this.appended(batch));
    this.disposables.push(
      { dispose: unsubscribe },
      panel.webview.onDidReceiveMessage((message: FromWebviewMessage) => {
        try {
          this.channel.receive(message);
        } catch (error) {
          this.report(vscode.l10n.t('Traffic panel'), error);
        }
      }),
      panel.onDidChangeViewState(() => this.pacer.setVisible(panel.visible)),
      services.onDidChangeWatchers(() => this.post({ type: ToWebview.Watchers, watchers: this.watchers() })),
      services.onDidChangeHeaders(() => this.postHeaders()),
      panel.onDidDispose(() => {
        this.dispose();
        onDispose();
      }),
    );
    this.pacer.setVisible(panel.visible);
  }

  /** Forgets every held message, in every view (the log is shared). */
  clear(): void {
    this.services.log.clear();
    this.pacer.request();
  }

  /** The Pause/Resume Traffic command: the webview owns the pause. */
  togglePause(): void {
    this.post({ type: ToWebview.TogglePause });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.pacer.dispose();
    this.channel.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private sendEverything(): void {
    this.post({ type: ToWebview.Watchers, watchers: this.watchers() });
    this.postHeaders();
    this.responder.forgetSentRows();
    this.pacer.setReady();
  }

  private appended(batch: readonly TrafficMessage[]): void {
    this.responder.appended(batch);
    this.pacer.request(batch.length);
  }

  private watchers(): PanelWatcher[] {
    return this.services.watchers().map(({ id, endpoint, decode, state, error, notices }) => ({ id, endpoint, decode, arch: this.services.watcherArch(id), state, error, notices }));
  }

  private postHeaders(): void {
    const { headers, included, includePath, defines } = this.services.structHeaders();
    this.post({ type: ToWebview.Headers, headers, included, includePath, defines });
  }

  private post(message: ToWebviewMessage): void {
    if (!this.disposed) this.channel.send(message);
  }

  private report(what: string, error: unknown): void {
    const text = errorMessage(error);
    this.services.output.error(`${what}: ${text}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Slotpipe: {0}: {1}', what, text));
  }
}
