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
import { PanelResponder } from './panel-responder';
import type { RateHistory } from './rate-history';

/** ~30 announcements a second at most. */
const ANNOUNCE_INTERVAL_MS = 33;
/** While visible the chart moves on even without traffic. */
const CHART_TICK_MS = 1000;
export interface PauseState {
  readonly paused: boolean;
  setPaused(paused: boolean): void;
}

export class PanelSession implements vscode.Disposable {
  private readonly channel: PanelChannel<FromWebviewMessage, ToWebviewMessage>;
  private readonly responder: PanelResponder;
  private readonly disposables: vscode.Disposable[] = [];
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  private chartTimer: ReturnType<typeof setInterval> | undefined;
  private lastAnnounce = 0;
  private ready = false;
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly services: SlotpipeServices,
    rates: RateHistory,
    private readonly pause: PauseState,
    extensionUri: vscode.Uri,
    onDispose: () => void,
  ) {
    this.responder = new PanelResponder(services.log, rates);
    this.channel = new PanelChannel((message) => void panel.webview.postMessage(message));
    panel.webview.options = panelOptions(extensionUri);
    panel.webview.html = panelHtml(panel.webview, extensionUri);

    this.channel.on(FromWebview.Ready, () => this.sendEverything());
    this.channel.onRequest(FromWebview.GetRows, (request) => this.responder.rows(request));
    this.channel.onRequest(FromWebview.SetFilter, ({ text }) => {
      const answer = this.responder.setFilter(text);
      if (!answer.error) this.announceNow();
      return answer;
    });
    this.channel.on(FromWebview.SetWatcherDecoder, ({ watcherId, decode }) => {
      services.setWatcherDecoder(watcherId, decode).catch((error: unknown) => this.report(`Could not save the decoder for ${watcherId}`, error));
    });
    this.channel.on(FromWebview.Clear, () => this.clear());
    this.channel.on(FromWebview.PausedChanged, ({ paused }) => pause.setPaused(paused));
    this.channel.on(FromWebview.Copy, ({ text }) => {
      vscode.env.clipboard.writeText(text).then(
        () => vscode.window.setStatusBarMessage('Slotpipe: copied', 2000),
        (error: unknown) => this.report('Could not copy', error),
      );
    });

    const unsubscribe = services.log.onAppend((batch) => this.appended(batch));
    this.disposables.push(
      { dispose: unsubscribe },
      panel.webview.onDidReceiveMessage((message: FromWebviewMessage) => {
        try {
          this.channel.receive(message);
        } catch (error) {
          this.report('Traffic panel', error);
        }
      }),
      panel.onDidChangeViewState(() => this.visibilityChanged()),
      services.onDidChangeWatchers(() => this.post({ type: ToWebview.Watchers, watchers: this.watchers() })),
      services.onDidChangeHeaders(() => this.post({ type: ToWebview.Headers, headers: services.structHeaders() })),
      panel.onDidDispose(() => {
        this.dispose();
        onDispose();
      }),
    );
    this.visibilityChanged();
  }

  /** Forgets every held message, in every view (the log is shared). */
  clear(): void {
    this.services.log.clear();
    this.announceSoon();
  }

  setPaused(paused: boolean): void {
    this.post({ type: ToWebview.SetPaused, paused });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.announceTimer);
    clearInterval(this.chartTimer);
    this.channel.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private sendEverything(): void {
    this.ready = true;
    this.post({ type: ToWebview.Watchers, watchers: this.watchers() });
    this.post({ type: ToWebview.Headers, headers: this.services.structHeaders() });
    this.post({ type: ToWebview.SetPaused, paused: this.pause.paused });
    this.announceNow();
  }

  private appended(batch: readonly TrafficMessage[]): void {
    this.responder.appended(batch);
    this.announceSoon();
  }

  private watchers(): PanelWatcher[] {
    return this.services.watchers().map(({ id, endpoint, decode, state, error }) => ({ id, endpoint, decode, state, error }));
  }

  private visibilityChanged(): void {
    clearInterval(this.chartTimer);
    this.chartTimer = undefined;
    if (!this.panel.visible) return;
    this.chartTimer = setInterval(() => this.announceSoon(), CHART_TICK_MS);
    this.announceSoon();
  }

  /** Coalesces announcements to at most one per interval; hidden panels get one when they show again. */
  private announceSoon(): void {
    if (this.announceTimer || !this.ready || !this.panel.visible) return;
    const wait = Math.max(0, this.lastAnnounce + ANNOUNCE_INTERVAL_MS - Date.now());
    this.announceTimer = setTimeout(() => {
      this.announceTimer = undefined;
      if (this.panel.visible) this.announceNow();
    }, wait);
  }

  private announceNow(): void {
    if (this.disposed || !this.ready) return;
    this.lastAnnounce = Date.now();
    this.post({ type: ToWebview.Announce, view: this.responder.announcement(this.lastAnnounce) });
  }

  private post(message: ToWebviewMessage): void {
    if (!this.disposed) this.channel.send(message);
  }

  private report(what: string, error: unknown): void {
    const text = error instanceof Error ? error.message : String(error);
    this.services.output.error(`${what}: ${text}`);
    void vscode.window.showErrorMessage(`Slotpipe: ${what}: ${text}`);
  }
}
