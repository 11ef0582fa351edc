/**
 * The virtual traffic table: fixed-height rows, only the visible ones in the DOM (a small pool of row
 * elements reused as you scroll), so a million rows scroll like ten. Follows the newest row until the
 * user scrolls up; scrolling back to the bottom follows again.
 */
import * as l10n from '@vscode/l10n';
import { element, setAttributeIfChanged, setIfChanged } from './element';
import { scrollLayout, scrollTopFor, topRowAt } from './scroll-model';

export const COLUMNS = [l10n.t('Time'), l10n.t('Endpoint'), l10n.t('Dir'), l10n.t('Peer'), l10n.t('Size'), l10n.t('Summary')];

export interface TableSource {
  /** The cells of the row at a view index, or undefined while it is being fetched. */
  cells(index: number): readonly string[] | undefined;
  /** Extra class names for a row (direction, flags). */
  rowClass(index: number): string;
  /** Rows [from, to) are about to be shown: fetch what is missing, then call table.render(). */
  need(from: number, to: number): void;
  select(index: number): void;
  followChanged(follow: boolean): void;
}

export class VirtualTable {
  readonly root: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly layer: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly pool: HTMLElement[] = [];
  private firstIndex = 0;
  private endIndex = 0;
  private selected: number | undefined;
  private follow = true;
  private frame = 0;
  private readonly rowHeight: number;
  /** The scroller's height as last laid out (kept by the resize observer, so drawing never asks for a layout to learn it). */
  private height = 0;
  /** The scroll position the rows were last drawn for: the scroll event of our own scrolling draws nothing again. */
  private drawnScrollTop = -1;

  constructor(private readonly source: TableSource, rowHeight = 22) {
    this.rowHeight = rowHeight;
    this.root = element('div', 'sp-table');
    this.root.setAttribute('role', 'grid');
    this.root.setAttribute('aria-label', l10n.t('Messages'));
    const header = element('div', 'sp-row sp-header');
    header.setAttribute('role', 'row');
    for (const name of COLUMNS) {
      const cell = element('div', 'sp-cell', name);
      cell.setAttribute('role', 'columnheader');
      header.append(cell);
    }
    this.scroller = element('div', 'sp-scroller');
    this.scroller.tabIndex = 0;
    this.layer = element('div', 'sp-rows');
    this.spacer = element('div', 'sp-spacer');
    this.scroller.append(this.layer, this.spacer);
    this.root.append(header, this.scroller);

    this.scroller.addEventListener('scroll', () => this.scrolled());
    this.layer.addEventListener('click', (event) => {
      const row = (event.target as HTMLElement).closest<HTMLElement>('.sp-row');
      if (row?.dataset.index) this.select(Number(row.dataset.index));
    });
    this.scroller.addEventListener('keydown', (event) => this.key(event));
    new ResizeObserver(() => {
      this.height = this.scroller.clientHeight;
      this.renderSoon();
    }).observe(this.scroller);
  }

  get following(): boolean {
    return this.follow;
  }

  get rowCount(): number {
    return this.endIndex - this.firstIndex;
  }

  /** The view indexes shown; keeps the rows on screen in place (or the newest in view when following). */
  setBounds(firstIndex: number, endIndex: number): void {
    if (firstIndex === this.firstIndex && endIndex === this.endIndex) return;
    const top = this.follow ? undefined : this.topIndex();
    this.firstIndex = firstIndex;
    this.endIndex = Math.max(firstIndex, endIndex);
    this.applyHeight();
    if (this.follow) this.scrollToEnd();
    else if (top !== undefined) this.scrollToTop(top);
    this.renderSoon();
  }

  setFollow(follow: boolean): void {
    if (follow === this.follow) return;
    this.follow = follow;
    if (follow) this.scrollToEnd();
    this.source.followChanged(follow);
  }

  /** View index of the top visible row. */
  topIndex(): number {
    return this.firstIndex + Math.floor(this.topRow());
  }

  scrollToTop(index: number): void {
    this.scroller.scrollTop = scrollTopFor(index - this.firstIndex, this.rowCount, this.rowHeight, this.viewport());
  }

  select(index: number | undefined, notify = true): void {
    this.selected = index;
    if (index !== undefined && notify) this.source.select(index);
    this.renderSoon();
  }

  renderSoon(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  render(): void {
    // Drawn now: a frame already asked for has nothing left to do.
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    const viewport = this.viewport();
    const { visibleRows } = scrollLayout(this.rowCount, this.rowHeight, viewport);
    this.drawnScrollTop = this.scroller.scrollTop;
    const top = this.topRow(this.drawnScrollTop);
    const first = Math.floor(top);
    const shift = -(top - first) * this.rowHeight;
    while (this.pool.length < visibleRows) this.pool.push(this.newRow());
    const from = this.firstIndex + first;
    const to = Math.min(from + visibleRows, this.endIndex);
    let missing = false;
    // A row element keeps its index while that index stays on screen, and only what changed is written:
    // when a new message scrolls the view by one row, one element gets new text and moves to the end; the
    // others merely shift. The visible elements stay in view order in the DOM (what a screen reader reads).
    const kept = new Map<number, HTMLElement>();
    const free: HTMLElement[] = [];
    for (const row of this.pool) {
      const index = Number(row.dataset.index);
      if (!row.hidden && index >= from && index < to && !kept.has(index)) kept.set(index, row);
      else free.push(row);
    }
    let previous: HTMLElement | undefined;
    for (let index = from; index < to; index++) {
      let row = kept.get(index);
      if (!row) {
        row = free.pop()!;
        row.hidden = false;
        if (!previous) this.layer.prepend(row);
        else if (row.previousElementSibling !== previous) previous.after(row);
      }
      previous = row;
      setIfChanged(row.style, 'transform', `translateY(${shift + (index - from) * this.rowHeight}px)`);
      setIfChanged(row.dataset, 'index', String(index));
      const cells = this.source.cells(index);
      if (!cells) missing = true;
      setIfChanged(row, 'className', `sp-row ${cells ? this.source.rowClass(index) : 'sp-loading'}${index === this.selected ? ' sp-selected' : ''}`);
      setAttributeIfChanged(row, 'aria-selected', String(index === this.selected));
      const spans = row.children;
      for (let c = 0; c < COLUMNS.length; c++) setIfChanged(spans[c], 'textContent', cells ? cells[c] : c === 0 ? '…' : '');
    }
    for (const row of free) setIfChanged(row, 'hidden', true);
    if (missing) this.source.need(from, to);
  }

  private newRow(): HTMLElement {
    const row = element('div', 'sp-row');
    row.setAttribute('role', 'row');
    for (let c = 0; c < COLUMNS.length; c++) {
      const cell = element('div', 'sp-cell');
      cell.setAttribute('role', 'gridcell');
      row.append(cell);
    }
    this.layer.append(row);
    return row;
  }

  private viewport(): number {
    return this.height || this.scroller.clientHeight || this.rowHeight * 10;
  }

  private topRow(scrollTop = this.scroller.scrollTop): number {
    return topRowAt(scrollTop, this.rowCount, this.rowHeight, this.viewport());
  }

  private applyHeight(): void {
    const { contentHeight } = scrollLayout(this.rowCount, this.rowHeight, this.viewport());
    // The sticky row layer takes one viewport of the content; the spacer supplies the rest.
    this.spacer.style.height = `${Math.max(0, contentHeight - this.viewport())}px`;
  }

  private scrollToEnd(): void {
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  private scrolled(): void {
    const scrollTop = this.scroller.scrollTop;
    const atBottom = scrollTop + this.viewport() >= this.scroller.scrollHeight - this.rowHeight / 2;
    if (atBottom !== this.follow) {
      this.follow = atBottom;
      this.source.followChanged(atBottom);
    }
    if (scrollTop !== this.drawnScrollTop) this.renderSoon();
  }

  private key(event: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.viewport() / this.rowHeight) - 1);
    const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    let target: number | undefined;
    if (event.key in steps) target = (this.selected ?? this.topIndex()) + steps[event.key];
    else if (event.key === 'Home') target = this.firstIndex;
    else if (event.key === 'End') target = this.endIndex - 1;
    if (target === undefined || this.rowCount === 0) return;
    event.preventDefault();
    target = Math.min(Math.max(target, this.firstIndex), this.endIndex - 1);
    this.select(target);
    this.reveal(target);
  }

  private reveal(index: number): void {
    const visible = Math.floor(this.viewport() / this.rowHeight);
    const top = this.topIndex();
    if (index < top) this.scrollToTop(index);
    else if (index >= top + visible) this.scrollToTop(index - visible + 1);
  }
}
