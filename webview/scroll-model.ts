/**
 * Where a virtual list of fixed-height rows is scrolled to. Browsers cap an element's height (about
 * 33 million pixels in Chromium, less elsewhere), so past MAX_SCROLL_HEIGHT the scroll range is
 * scaled: the scrollbar still spans every row, and each scroll position maps to a fractional row.
 */
export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface ScrollLayout {
  /** Height of the scrollable content, in pixels. */
  contentHeight: number;
  /** Rows that fit in the viewport, rounded up. */
  visibleRows: number;
}

export function scrollLayout(rowCount: number, rowHeight: number, viewportHeight: number): ScrollLayout {
  return {
    contentHeight: Math.min(rowCount * rowHeight, MAX_SCROLL_HEIGHT),
    visibleRows: Math.ceil(viewportHeight / rowHeight) + 1,
  };
}

/**
 * The row at the top of the viewport (fractional: 10.5 is half-way through row 10). Within half a
 * pixel of a row's top it is that row exactly, so a scrollTop the browser rounded to whole pixels
 * still lands on the row scrollTopFor aimed at.
 */
export function topRowAt(scrollTop: number, rowCount: number, rowHeight: number, viewportHeight: number): number {
  const maxScroll = scrollLayout(rowCount, rowHeight, viewportHeight).contentHeight - viewportHeight;
  const maxTopRow = rowCount - viewportHeight / rowHeight;
  if (maxScroll <= 0 || maxTopRow <= 0) return 0;
  const fraction = Math.min(Math.max(scrollTop / maxScroll, 0), 1);
  const row = fraction * maxTopRow;
  const rowsPerPixel = maxTopRow / maxScroll;
  const nearest = Math.round(row);
  return Math.abs(row - nearest) <= rowsPerPixel / 2 ? nearest : row;
}

/** The inverse of topRowAt: the scrollTop that puts `row` at the top. */
export function scrollTopFor(row: number, rowCount: number, rowHeight: number, viewportHeight: number): number {
  const maxScroll = scrollLayout(rowCount, rowHeight, viewportHeight).contentHeight - viewportHeight;
  const maxTopRow = rowCount - viewportHeight / rowHeight;
  if (maxScroll <= 0 || maxTopRow <= 0) return 0;
  return (Math.min(Math.max(row, 0), maxTopRow) / maxTopRow) * maxScroll;
}
