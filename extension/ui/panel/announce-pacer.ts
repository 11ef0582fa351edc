/**
 * When the host tells the panel about new traffic. One announcement at a time: the next waits until the
 * webview acknowledged the last (or ACK_WAIT_MS passed), so announcements never queue up on the way to
 * a busy webview. Light traffic (a few messages since the last announcement) is announced at most every
 * QUIET_MS, so a message shows without waiting; heavier traffic at most once per interval (~30 a second).
 * Never while the panel is hidden or before its webview is ready, and once more as soon as it shows again.
 * While visible it also ticks once a second so the rate chart moves on without traffic. Pure (timers
 * only), so the pacing is tested without VS Code.
 */
export const ANNOUNCE_INTERVAL_MS = 33;
/** Light traffic is announced this long after the previous announcement at the soonest. */
export const QUIET_MS = 5;
/** Up to this many messages since the last announcement count as light traffic. */
export const LIGHT_MESSAGES = 16;
/** An announcement not acknowledged by then no longer holds back the next one. */
export const ACK_WAIT_MS = 1000;
export const CHART_TICK_MS = 1000;

export class AnnouncePacer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private tick: ReturnType<typeof setInterval> | undefined;
  private last = -Infinity;
  /** A change not announced yet, and how many messages came since the last announcement. */
  private pending = false;
  private waiting = 0;
  /** The last announcement is not acknowledged yet. */
  private inFlight = false;
  private visible = false;
  private ready = false;
  private disposed = false;

  constructor(private readonly announce: () => void, private readonly now: () => number = Date.now) {}

  /** The webview loaded (or reloaded): it gets an announcement right away. */
  setReady(): void {
    this.ready = true;
    this.inFlight = false;
    this.announceNow();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    clearInterval(this.tick);
    this.tick = undefined;
    if (!visible || this.disposed) return;
    // What was in flight while hidden may never be acknowledged; showing again starts afresh.
    this.inFlight = false;
    this.tick = setInterval(() => this.request(), CHART_TICK_MS);
    this.request();
  }

  /**
   * Something changed (`messages` new ones, or none for other changes): announce when the pace allows,
   * coalescing everything until then.
   */
  request(messages = 0): void {
    this.waiting += messages;
    this.pending = true;
    if (!this.timer) this.schedule();
  }

  /** The webview took in the last announcement: the next may go. */
  acknowledged(): void {
    this.inFlight = false;
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.schedule();
  }

  /** Announces at once (a new filter, a ready webview), if there is anyone to tell. */
  announceNow(): void {
    if (!this.ready || this.disposed) return;
    this.last = this.now();
    this.pending = false;
    this.waiting = 0;
    this.inFlight = true;
    this.announce();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    clearInterval(this.tick);
  }

  private schedule(): void {
    if (!this.pending || !this.ready || !this.visible || this.disposed) return;
    const light = this.waiting <= LIGHT_MESSAGES;
    let due = this.last + (light ? QUIET_MS : ANNOUNCE_INTERVAL_MS);
    if (this.inFlight) due = Math.max(due, this.last + ACK_WAIT_MS); // brought forward by acknowledged()
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.visible) return;
      // More came meanwhile than light traffic brings: wait for the full interval.
      if (light && this.waiting > LIGHT_MESSAGES && this.now() < this.last + ANNOUNCE_INTERVAL_MS) return this.schedule();
      this.announceNow();
    }, Math.max(0, due - this.now()));
  }
}
