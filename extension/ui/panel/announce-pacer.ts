/**
 * When the host tells the panel about new traffic: at once when the panel has been quiet for a few
 * milliseconds (a single message shows without waiting), at most once per interval (~30 a second) while
 * traffic keeps coming, never while the panel is hidden or before its webview is ready, and once more as
 * soon as it shows again.
 * While visible it also ticks once a second so the rate chart moves on without traffic. Pure (timers
 * only), so the pacing is tested without VS Code.
 */
export const ANNOUNCE_INTERVAL_MS = 33;
/** No announcement for this long: the next change is announced at once instead of at the next interval. */
export const QUIET_MS = 5;
export const CHART_TICK_MS = 1000;

export class AnnouncePacer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private tick: ReturnType<typeof setInterval> | undefined;
  private last = -Infinity;
  private visible = false;
  private ready = false;
  private disposed = false;

  constructor(private readonly announce: () => void, private readonly now: () => number = Date.now) {}

  /** The webview loaded (or reloaded): it gets an announcement right away. */
  setReady(): void {
    this.ready = true;
    this.announceNow();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    clearInterval(this.tick);
    this.tick = undefined;
    if (!visible || this.disposed) return;
    this.tick = setInterval(() => this.request(), CHART_TICK_MS);
    this.request();
  }

  /** Something changed: announce at once after a quiet spell, else when the interval allows (coalescing everything until then). */
  request(): void {
    if (this.timer || !this.ready || !this.visible || this.disposed) return;
    const since = this.now() - this.last;
    const wait = since >= QUIET_MS ? 0 : ANNOUNCE_INTERVAL_MS - since;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.visible) this.announceNow();
    }, wait);
  }

  /** Announces at once (a new filter, a ready webview), if there is anyone to tell. */
  announceNow(): void {
    if (!this.ready || this.disposed) return;
    this.last = this.now();
    this.announce();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    clearInterval(this.tick);
  }
}
