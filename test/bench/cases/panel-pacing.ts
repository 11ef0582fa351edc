/**
 * Case 7, host half: a steady 20,000 msg/s stream into the TrafficLog through the panel's real
 * AnnouncePacer and PanelResponder; how many announcements the webview would get per second, and
 * whether every message is in the log. The baseline is one announcement per appended batch (what
 * an unpaced host would post).
 */
import { startLinuxDriver } from '../linux-driver-process';
import { resultOf } from '../processes';
import { fixed, int, type BenchRow } from '../results';

export async function panelPacing(rate: number, seconds: number): Promise<BenchRow[]> {
  const r = await resultOf<{ sent: number; logged: number; dropped: number; announcements: number; appends: number; wallMs: number }>(
    await startLinuxDriver('pacer', { rate, seconds }));
  const perSecond = r.announcements / (r.wallMs / 1000);
  const lost = r.sent - r.logged + r.dropped;
  return [{
    id: 'panel-pacing',
    name: `7 Host → webview updates under ${int(rate)} msg/s for ${seconds} s (Linux, panel host)`,
    baseline: `${fixed(r.appends / (r.wallMs / 1000))} appends/s (unpaced: one post per batch)`,
    slotpipe: `${fixed(perSecond)} announcements/s; ${int(r.logged)} of ${int(r.sent)} messages logged${lost ? `, ${lost} LOST` : ', none lost'}`,
    ratio: '—',
    target: '≤ 30 updates/s, none lost',
    met: perSecond <= 30.5 && !lost ? 'yes' : 'no',
    note: 'AnnouncePacer (light traffic at most every 5 ms, heavier every 33 ms) + PanelResponder.announcement, as PanelSession wires them; the webview then pulls only the rows it shows.',
    figures: { baseline: { value: r.appends / (r.wallMs / 1000), unit: 'posts/s' }, slotpipe: { value: perSecond, unit: 'announcements/s' }, target: { of: 'slotpipe', at: 'most', value: 30.5, unit: 'announcements/s' } },
  }];
}
