/**
 * The webview side of the traffic panel: listens to the host's announcements, pulls the rows the
 * table shows through the row cache, decodes what is on screen, and keeps its state across reloads.
 */
import { DEFAULT_ARCH, type Arch } from '../extension/core/arch';
import { MessageFlag } from '../extension/core/message';
import { displayName } from '../extension/core/quote';
import {
  FromWebview, PanelChannel, ToWebview,
  type FromWebviewMessage, type PanelWatcher, type ToWebviewMessage, type ViewAnnouncement,
} from '../extension/core/panel-protocol';
import { conversationInFilter, ConversationsPane } from './conversations';
import { Decoding } from './decoding';
import { DetailPane } from './detail';
import { element } from './element';
import { RowCache, type CachedRow } from './row-cache';
import { describePeer } from '../extension/core/peer-text';
import { formatTime } from './row-text';
import { VirtualTable, type TableSource } from './table';
import { Toolbar } from './toolbar';
import { initialState, vscode, type PanelState } from './vscode-api';
import { errorMessage } from '../extension/core/error-message';

/** Per-message decoder choices remembered at most (the oldest are forgotten first). */
const MAX_MESSAGE_DECODERS = 500;
const SAVE_DELAY_MS = 300;
/** Conversations listed at most (the newest), pairs shown at most for one, and the least time between pulls. */
const CONVERSATIONS_SHOWN = 500;
const PAIRS_SHOWN = 500;
const CONVERSATIONS_PULL_GAP_MS = 250;

export class PanelApp implements TableSource {
  private readonly state: PanelState;
  private readonly channel: PanelChannel<ToWebviewMessage, FromWebviewMessage>;
  private readonly cache: RowCache;
  private readonly decoding = new Decoding();
  private readonly table: VirtualTable;
  private readonly detail: DetailPane;
  private readonly toolbar: Toolbar;
  private readonly banner = element('div', 'sp-banner');
  private readonly watchers = new Map<string, PanelWatcher>();
  private readonly messageDecoders: Map<number, string>;
  private view: ViewAnnouncement | undefined;
  private selected: CachedRow | undefined;
  private restoreScroll: boolean;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly conversations: ConversationsPane;
  /** The conversations version last pulled; whether a shown request is waiting (its age moves on). */
  private conversationsSeen = -1;
  private waitingShown = false;
  private pulling = false;
  private pullTimer: ReturnType<typeof setTimeout> | undefined;
  private lastPull = 0;
  /** The frame that will draw the newest announcement, if one is asked for. */
  private viewFrame = 0;

  constructor(root: HTMLElement) {
    this.state = { ...initialState, ...vscode.getState() };
    this.messageDecoders = new Map(this.state.messageDecoders);
    this.restoreScroll = !this.state.follow && this.state.topIndex !== undefined;
    this.channel = new PanelChannel((message) => vscode.postMessage(message));
    this.cache = new RowCache((fromIndex, count, generation) => this.channel.request(FromWebview.GetRows, { fromIndex, count, generation }));

    this.toolbar = new Toolbar({
      filterChanged: (text) => void this.applyFilter(text),
      pauseToggled: () => this.setPaused(!this.state.paused),
      clear: () => this.clear(),
      followToggled: () => this.table.setFollow(!this.table.following),
      conversationsToggled: () => this.showConversations(!this.state.conversations),
    });
    this.conversations = new ConversationsPane({
      picked: (id) => {
        const text = id === this.conversations.pickedId ? '' : `conn:${id}`;
        this.toolbar.setFilterText(text);
        void this.applyFilter(text);
      },
    });
    this.table = new VirtualTable(this);
    this.detail = new DetailPane(this.decoding, {
      messageDecoderChanged: (seq, choice) => this.setMessageDecoder(seq, choice),
      watcherDecoderChanged: (watcherId, choice) => this.setWatcherDecoder(watcherId, choice),
      copy: (text) => this.channel.send({ type: FromWebview.Copy, text }),
    });
    this.banner.hidden = true;
    root.append(this.toolbar.root, this.banner, this.conversations.root, this.table.root, this.detail.root);
    this.toolbar.setFilterText(this.state.filter);
    this.conversations.setPicked(conversationInFilter(this.state.filter));
    this.showConversations(this.state.conversations ?? false);
    this.toolbar.setFollow(this.state.follow);
    if (!this.state.follow) this.table.setFollow(false);
    this.table.root.addEventListener('scroll', () => this.saveSoon(), true);

    this.channel.on(ToWebview.Announce, ({ view }) => this.announced(view));
    this.channel.on(ToWebview.Watchers, ({ watchers }) => {
      this.watchers.clear();
      for (const watcher of watchers) this.watchers.set(watcher.id, watcher);
      this.conversations.showNotices(watchers.flatMap((w) => (w.notices ?? []).map((notice) => `${w.endpoint}: ${notice}`)));
      this.refresh();
    });
    this.channel.on(ToWebview.Headers, ({ headers, included, includePath, defines }) => {
      this.decoding.setHeaders(headers, { included: included ?? [], includePath: includePath ?? [], defines: defines ?? [] });
      this.refresh();
    });
    this.channel.on(ToWebview.TogglePause, () => this.setPaused(!this.state.paused));
    window.addEventListener('message', (event: MessageEvent<ToWebviewMessage>) => {
      try {
        this.channel.receive(event.data);
      } catch (error) {
        this.showError(error);
      }
    });

    // The host learns whether the restored view shows the newest rows, and its filter, before it first announces.
    this.tellFollowing();
    if (this.state.filter) void this.applyFilter(this.state.filter);
    this.channel.send({ type: FromWebview.Ready });
  }

  // --- TableSource -------------------------------------------------------------------------

  cells(index: number): readonly string[] | undefined {
    const row = this.cache.get(index);
    if (!row) return undefined;
    const flags = [row.flags & MessageFlag.truncated ? '[truncated] ' : '', row.flags & MessageFlag.malformed ? '[malformed] ' : ''].join('');
    return [
      formatTime(row.time),
      displayName(row.endpoint),
      row.direction,
      describePeer(row.peer, 'brief'),
      String(row.size),
      flags + this.decoding.summary(row.bytes, this.choiceFor(row), this.archFor(row)),
    ];
  }

  rowClass(index: number): string {
    const row = this.cache.get(index);
    if (!row) return '';
    return `sp-${row.direction}${row.flags & (MessageFlag.truncated | MessageFlag.malformed) ? ' sp-flagged' : ''}`;
  }

  need(from: number, to: number): void {
    if (!this.view) return;
    const margin = this.cache.blockSize / 2;
    this.cache.ensure(from - margin, to + margin, this.view.firstIndex, this.shownEnd()).then(
      (loaded) => loaded && this.table.render(),
      (error: unknown) => this.showError(error),
    );
  }

  select(index: number): void {
    this.state.selectedIndex = index;
    this.saveSoon();
    const row = this.cache.get(index);
    if (row) this.showDetail(row);
    else this.loadAndShow(index);
  }

  followChanged(follow: boolean): void {
    this.state.follow = follow;
    this.tellFollowing();
    this.toolbar.setFollow(follow);
    this.saveSoon();
  }

  // --- host messages -----------------------------------------------------------------------

  private announced(view: ViewAnnouncement): void {
    if (view.logId !== this.state.logId) this.newLog(view.logId);
    const first = !this.view;
    if (view.generation !== this.cache.generation) {
      this.cache.reset(view.generation);
      if (this.state.paused) this.state.frozenEnd = view.endIndex;
    }
    if (view.tail) this.cache.put(view.tail, view.endIndex);
    this.view = view;
    if (first && this.state.selectedIndex !== undefined) this.loadAndShow(this.state.selectedIndex, this.state.selectedSeq);
    if (this.selected && this.selected.index < view.firstIndex) this.showDetail(undefined);
    if (view.conversations !== this.conversationsSeen || this.waitingShown) this.pullConversations();
    // The page changes once per frame, however many announcements came: each one costs next to nothing.
    this.viewFrame ||= requestAnimationFrame(() => {
      this.viewFrame = 0;
      this.showView();
    });
    this.channel.send({ type: FromWebview.Announced });
  }

  /** Draws the newest announcement: bounds, counts, chart and the rows. */
  private showView(): void {
    const view = this.view;
    if (!view) return;
    const end = this.shownEnd();
    // The toolbar is written before the table scrolls, so the scroll's layout is the frame's only forced one.
    this.toolbar.setCounts({ shown: view.endIndex - view.firstIndex, stats: view.stats, filtered: view.filter !== '', rate: view.rate });
    this.toolbar.setPaused(this.state.paused, view.endIndex - end);
    this.table.setBounds(view.firstIndex, end);
    if (this.restoreScroll && this.state.topIndex !== undefined) {
      this.restoreScroll = false;
      this.table.scrollToTop(this.state.topIndex);
    }
    this.table.render();
  }

  /** The rows come from another log than the state's (a reload restarted the numbering): what was kept by seq goes. */
  private newLog(logId: string): void {
    if (this.state.logId !== undefined) {
      this.messageDecoders.clear();
      this.state.selectedIndex = undefined;
      this.state.selectedSeq = undefined;
    }
    this.state.logId = logId;
    this.save();
  }

  /** One past the last row shown: frozen while paused. */
  private shownEnd(): number {
    if (!this.view) return 0;
    if (!this.state.paused) return this.view.endIndex;
    this.state.frozenEnd ??= this.view.endIndex;
    return Math.max(this.view.firstIndex, Math.min(this.state.frozenEnd, this.view.endIndex));
  }

  // --- user actions ------------------------------------------------------------------------

  private async applyFilter(text: string): Promise<void> {
    // Kept at once, before the host answers: a reload right after a change comes back with it.
    const previous = this.state.filter;
    this.state.filter = text;
    this.save();
    try {
      const { error } = await this.channel.request(FromWebview.SetFilter, { text });
      this.toolbar.setFilterError(error);
      if (error) {
        // Refused: the host keeps the filter before it, and so does the saved state.
        if (this.state.filter === text) this.state.filter = previous;
        this.save();
        return;
      }
      this.conversations.setPicked(conversationInFilter(text));
      this.conversationsSeen = -1;
      this.pullConversations();
      this.showDetail(undefined);
      this.save();
    } catch (error) {
      this.showError(error);
    }
  }

  /** The pause is the webview's own (the command only asks to flip it); the host hears only whether to send the newest rows. */
  private setPaused(paused: boolean): void {
    this.state.paused = paused;
    this.state.frozenEnd = paused ? this.view?.endIndex : undefined;
    this.tellFollowing();
    if (this.view) {
      this.table.setBounds(this.view.firstIndex, this.shownEnd());
      this.toolbar.setPaused(paused, this.view.endIndex - this.shownEnd());
    } else this.toolbar.setPaused(paused, 0);
    this.save();
  }

  private showConversations(open: boolean): void {
    this.state.conversations = open;
    this.conversations.root.hidden = !open;
    this.toolbar.setConversations(open);
    this.save();
    if (open) {
      this.conversationsSeen = -1;
      this.pullConversations();
    }
  }

  /** Pulls the conversations (and the picked one's pairs) while the pane is open, one pull at a time, a few a second at most. */
  private pullConversations(): void {
    if (!this.state.conversations || this.pulling || this.pullTimer) return;
    const wait = this.lastPull + CONVERSATIONS_PULL_GAP_MS - Date.now();
    if (wait > 0) {
      this.pullTimer = setTimeout(() => {
        this.pullTimer = undefined;
        this.pullConversations();
      }, wait);
      return;
    }
    this.pulling = true;
    this.lastPull = Date.now();
    this.conversationsSeen = this.view?.conversations ?? -1;
    const id = this.conversations.pickedId;
    Promise.all([
      this.channel.request(FromWebview.GetConversations, { count: CONVERSATIONS_SHOWN }),
      id === undefined ? undefined : this.channel.request(FromWebview.GetPairs, { conversation: id, count: PAIRS_SHOWN }),
    ]).then(([list, pairs]) => {
      this.conversations.showList(list);
      if (pairs && id !== undefined) this.conversations.showPairs(id, pairs);
      this.waitingShown = list.conversations.some((c) => c.waiting && c.disconnected === undefined);
    }, (error: unknown) => this.showError(error)).finally(() => {
      this.pulling = false;
      if (this.view && this.view.conversations !== this.conversationsSeen) this.pullConversations();
    });
  }

  private clear(): void {
    this.showDetail(undefined);
    this.channel.send({ type: FromWebview.Clear });
  }

  private setMessageDecoder(seq: number, choice: string): void {
    this.messageDecoders.delete(seq);
    if (choice) this.messageDecoders.set(seq, choice);
    while (this.messageDecoders.size > MAX_MESSAGE_DECODERS) this.messageDecoders.delete(this.messageDecoders.keys().next().value!);
    this.save();
    this.refresh();
  }

  private setWatcherDecoder(watcherId: string, choice: string): void {
    const watcher = this.watchers.get(watcherId);
    if (watcher) watcher.decode = choice;
    this.channel.send({ type: FromWebview.SetWatcherDecoder, watcherId, decode: choice });
    this.refresh();
  }

  // --- helpers -----------------------------------------------------------------------------

  /** Announcements carry the newest rows only while the view shows them as they come. */
  private tellFollowing(): void {
    this.channel.send({ type: FromWebview.FollowChanged, follow: this.state.follow && !this.state.paused });
  }

  private archFor(row: CachedRow): Arch {
    return this.watchers.get(row.watcherId)?.arch ?? DEFAULT_ARCH;
  }

  private choiceFor(row: CachedRow): string {
    return this.messageDecoders.get(row.seq) || this.watchers.get(row.watcherId)?.decode || 'auto';
  }

  private showDetail(row: CachedRow | undefined): void {
    this.selected = row;
    this.state.selectedIndex = row?.index;
    this.state.selectedSeq = row?.seq;
    this.table.select(row?.index, false);
    if (!row) {
      this.detail.show(undefined, '', '');
      return;
    }
    this.detail.show(row, this.messageDecoders.get(row.seq) ?? '', this.watchers.get(row.watcherId)?.decode ?? 'auto', this.archFor(row));
  }

  /** Shows the row once fetched, if it is still the one selected (and, after a reload, still the same message). */
  private loadAndShow(index: number, seq?: number): void {
    if (!this.view) return;
    this.cache.ensure(index, index + 1, this.view.firstIndex, this.view.endIndex).then(() => {
      const row = this.cache.get(index);
      if (row && this.state.selectedIndex === index && (seq === undefined || row.seq === seq)) this.showDetail(row);
    }, (error: unknown) => this.showError(error));
  }

  /** Decoder choices or headers changed: summaries and the detail are redrawn. */
  private refresh(): void {
    this.table.render();
    if (this.selected) this.showDetail(this.selected);
  }

  private showError(error: unknown): void {
    this.banner.hidden = false;
    this.banner.textContent = errorMessage(error);
  }

  private saveSoon(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.save(), SAVE_DELAY_MS);
  }

  private save(): void {
    this.state.topIndex = this.table.topIndex();
    this.state.messageDecoders = [...this.messageDecoders];
    vscode.setState(this.state);
  }
}
