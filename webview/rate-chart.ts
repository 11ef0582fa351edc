/**
 * Messages per second over the last minute, as bars on a small canvas. Colours come from the
 * theme's CSS variables, read again when the theme changes.
 */
import * as l10n from '@vscode/l10n';
import { element } from './element';

export class RateChart {
  readonly root = element('div', 'sp-chart');
  private readonly canvas = element('canvas');
  private readonly label = element('span', 'sp-chart-label');
  private series: number[] = [];

  constructor() {
    this.canvas.width = 180;
    this.canvas.height = 24;
    this.canvas.setAttribute('role', 'img');
    this.root.append(this.canvas, this.label);
    // VS Code swaps the body's theme class on a theme change.
    new MutationObserver(() => this.draw()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  /** Draws `series` now (the toolbar decides how often). */
  update(series: number[]): void {
    this.series = series;
    this.draw();
  }

  private draw(): void {
    const context = this.canvas.getContext('2d');
    if (!context) return;
    const ratio = window.devicePixelRatio || 1;
    const width = 180;
    const height = 24;
    if (this.canvas.width !== width * ratio) {
      this.canvas.width = width * ratio;
      this.canvas.height = height * ratio;
    }
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    const style = getComputedStyle(document.body);
    const peak = Math.max(1, ...this.series);
    const barWidth = width / Math.max(1, this.series.length);
    context.fillStyle = style.getPropertyValue('--vscode-charts-blue').trim() || style.getPropertyValue('--vscode-foreground').trim();
    this.series.forEach((count, i) => {
      const barHeight = count === 0 ? 0 : Math.max(1, (count / peak) * (height - 2));
      context.fillRect(i * barWidth, height - barHeight, Math.max(1, barWidth - 1), barHeight);
    });
    const now = this.series.at(-2) ?? 0;
    const text = l10n.t('{0} msg/s', now);
    this.label.textContent = text;
    const summary = l10n.t('Messages per second over the last {0} s: now {1}, peak {2}', this.series.length, now, Math.max(0, ...this.series));
    this.canvas.setAttribute('aria-label', summary);
    this.root.title = summary;
  }
}
