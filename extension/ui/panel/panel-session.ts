/**
 * One open traffic panel, host side: answers the webview's row requests, applies its filter, and
 * announces new traffic at most ~30 times a second — never while the panel is hidden.
 */
import * as vscode from 'vscode';
import type { TrafficMessage } from '../../core/message';
import { FilterError } from '../../core/panel-filter';
import {
  FromWebview, PanelChannel, ToWebview,
  type FromWebviewMessage, type PanelRow, type PanelWatcher, type RowsRequest, type RowsResponse, type ToWebviewMessage,
} from '../../core/panel-protocol';
import type { SlotpipeServices } from '../services';
import { panelHtml, panelOptions } from './panel-html';
import type { RateHistory } from './rate-history';
import { TrafficView } from './traffic-view';

/** ~30 announcements a second at most. */
const ANNOUNCE_INTERVAL_MS = 33;
/** While visible the chart moves on even without traffic. */
const CHART_TICK_MS = 1000;
/** The most rows one request may ask for. */
export const MAX_ROWS_PER_REQUEST = 2000;

export interface PauseState {
  readonly paused: boolean;
  setPaused(paused: boolean): void;
}

export class PanelSession implements vscode.Disposable {
  private readonly channel: PanelChannel<FromWebviewMessage, ToWebviewMessage>;
  private readonly view: TrafficView;
  private readonly disposables: vscode.Disposable[] = [];
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  private chartTimer: ReturnType<typeof setInterval> | undefined;
  private lastAnnounce = 0;
  private ready = false;
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly services: SlotpipeServices,
    private readonly rates: RateHistory,
    private readonly pause: PauseState,
    extensionUri: vscode.Uri,
    onDispose: () => void,
  ) {
    this.view = new TrafficView(services.log);
    this.channel = new PanelChannel((message) => void panel.webview.postMessage(message));
    panel.webview.options = panelOptions(extensionUri);
    panel.webview.html = panelHtml(panel.webview, extensionUri);

    this.channel.on(FromWebview.Ready, () => this.sendEverything());
    this.channel.onRequest(FromWebview.GetRows, (request) => this.rows(request));
    this.channel.onRequest(FromWebview.SetFilter, ({ text }) => this.setFilter(text));
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
    this.view.appended(batch);
    this.announceSoon();
  }

  private rows(request: RowsRequest): RowsResponse {
    if (request.generation !== this.view.generation) return { generation: this.view.generation, rows: [], bytes: new ArrayBuffer(0) };
    const count = Math.min(Math.max(0, request.count), MAX_ROWS_PER_REQUEST);
    const found = this.view.range(request.fromIndex, count);
    const size = found.reduce((sum, { message }) => sum + message.bytes.length, 0);
    const bytes = new Uint8Array(size);
    const rows: PanelRow[] = [];
    let offset = 0;
    for (const { index, message } of found) {
      bytes.set(message.bytes, offset);
      rows.push({
        index, seq: message.seq, time: message.time, watcherId: message.watcherId, endpoint: message.endpoint,
        direction: message.direction, peer: message.peer, flags: message.flags, offset, size: message.bytes.length,
      });
      offset += message.bytes.length;
    }
    return { generation: this.view.generation, rows, bytes: bytes.buffer };
  }

  private setFilter(text: string): { error?: string } {
    try {
      this.view.setFilter(text);
    } catch (error) {
      if (error instanceof FilterError) return { error: error.message };
      throw error;
    }
    this.announceNow();
    return {};
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
    const { firstIndex, endIndex } = this.view.bounds();
    this.post({
      type: ToWebview.Announce,
      view: {
        firstIndex, endIndex, stats: this.services.log.stats(), filter: this.view.filterText,
        rate: this.rates.series(Date.now()), generation: this.view.generation,
      },
    });
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
