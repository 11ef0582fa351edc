/**
 * The panel's toolbar: the filter box (with the reason a filter was refused), pause/resume with the
 * count of rows that arrived meanwhile, clear, follow (auto-scroll), the totals and drops, and the chart.
 */
import * as l10n from '@vscode/l10n';
import type { LogStats } from '../extension/core/traffic-log';
import { conversationText } from './conversations';
import { button, element, setAttributeIfChanged, setIfChanged } from './element';
import { RateChart } from './rate-chart';

export interface ToolbarActions {
  filterChanged(text: string): void;
  pauseToggled(): void;
  clear(): void;
  followToggled(): void;
  conversationsToggled(): void;
}

const FILTER_DELAY_MS = 200;
/**
 * The least time between two writes of the totals and the chart. Announcements come dozens of times a second;
 * a text that changes in every frame costs the page a layout and a paint each time, faster than anyone reads.
 */
const COUNTS_GAP_MS = 250;

/** What the totals and the chart show. */
export interface Counts {
  shown: number;
  stats: LogStats;
  filtered: boolean;
  /** Messages per second over the last minute. */
  rate: number[];
}

export class Toolbar {
  readonly root = element('div', 'sp-toolbar');
  private readonly chart = new RateChart();
  private readonly filter = element('input', 'sp-filter');
  private readonly filterError = element('span', 'sp-filter-error');
  private readonly pause: HTMLButtonElement;
  private readonly follow: HTMLButtonElement;
  private readonly conversations: HTMLButtonElement;
  private readonly status = element('span', 'sp-status');
  private readonly fresh = element('span', 'sp-new');
  private timer: ReturnType<typeof setTimeout> | undefined;
  private counts: Counts | undefined;
  private countsAt = -Infinity;
  private countsTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(actions: ToolbarActions) {
    this.filter.type = 'search';
    this.filter.placeholder = l10n.t('Filter: text, hex:aabb, endpoint:name, dir:in, peer:1234, conn:3, -exclude');
    this.filter.setAttribute('aria-label', l10n.t('Filter messages'));
    this.filter.spellcheck = false;
    this.filter.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => actions.filterChanged(this.filter.value), FILTER_DELAY_MS);
    });
    this.filter.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      clearTimeout(this.timer);
      actions.filterChanged(this.filter.value);
    });
    this.pause = button(l10n.t('Pause'), l10n.t('Freeze the view (capture continues)'), actions.pauseToggled);
    this.follow = button(l10n.t('Follow'), l10n.t('Keep the newest message in view'), actions.followToggled);
    const clear = button(l10n.t('Clear'), l10n.t('Forget every message held'), actions.clear);
    this.conversations = button(conversationText.title, l10n.t('Pipe traffic by connection, with request/reply round-trip times'), actions.conversationsToggled);
    this.fresh.hidden = true;
    const filterBox = element('div', 'sp-filter-box');
    filterBox.append(this.filter, this.filterError);
    this.root.append(filterBox, this.pause, this.fresh, this.follow, clear, this.conversations, this.status, this.chart.root);
  }

  setFilterText(text: string): void {
    this.filter.value = text;
  }

  setFilterError(error: string | undefined): void {
    this.filterError.textContent = error ?? '';
    this.filter.classList.toggle('sp-invalid', !!error);
    this.filter.setAttribute('aria-invalid', String(!!error));
  }

  setPaused(paused: boolean, newRows: number): void {
    // Called for every drawn frame: only what changed is written.
    setIfChanged(this.pause, 'textContent', paused ? l10n.t('Resume') : l10n.t('Pause'));
    this.pause.classList.toggle('sp-active', paused);
    setAttributeIfChanged(this.pause, 'aria-pressed', String(paused));
    setIfChanged(this.fresh, 'hidden', !paused);
    if (paused) setIfChanged(this.fresh, 'textContent', l10n.t('{0} new', newRows.toLocaleString('en-US')));
  }

  setFollow(follow: boolean): void {
    this.follow.classList.toggle('sp-active', follow);
    this.follow.setAttribute('aria-pressed', String(follow));
  }

  setConversations(open: boolean): void {
    this.conversations.classList.toggle('sp-active', open);
    this.conversations.setAttribute('aria-pressed', String(open));
  }

  /** Shows the newest counts: at once when the last write is COUNTS_GAP_MS old, else when it will be. */
  setCounts(counts: Counts): void {
    this.counts = counts;
    if (this.countsTimer) return;
    const wait = this.countsAt + COUNTS_GAP_MS - performance.now();
    if (wait <= 0) this.writeCounts();
    else this.countsTimer = setTimeout(() => {
      this.countsTimer = undefined;
      this.writeCounts();
    }, wait);
  }

  private writeCounts(): void {
    if (!this.counts) return;
    this.countsAt = performance.now();
    const { shown, stats, filtered, rate } = this.counts;
    const count = (n: number) => n.toLocaleString('en-US');
    const parts = [filtered ? l10n.t('{0} of {1} messages', count(shown), count(stats.count)) : l10n.t('{0} messages', count(stats.count))];
    if (stats.dropped) parts.push(l10n.t('{0} dropped', count(stats.dropped)));
    setIfChanged(this.status, 'textContent', parts.join(' · '));
    this.status.classList.toggle('sp-warning', stats.dropped > 0);
    setIfChanged(this.status, 'title', l10n.t('Held {0} of {1} (slotpipe.logCapacity); {2} logged in all; {3} pushed out by newer messages', stats.count, stats.capacity, stats.total, stats.dropped));
    this.chart.update(rate);
  }
}
