/**
 * Case 6, panel half: the packaged extension in code-server, a NetBIOS mailslot watcher on loopback
 * (from the settings, started at once), the traffic panel open in Chromium. Datagrams are sent at
 * 100/s (the target) and, in the same session first, at 25/s (light traffic, reported), each carrying
 * its number; the panel's page notes when each number first shows in a drawn row. Both clocks are this
 * machine's wall clock (the sender's Date.now, the page's timeOrigin + now).
 */
import dgram from 'node:dgram';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { DatagramType } from '../../../extension/netbios/datagram';
import { encodeMailslotDatagram } from '../../../extension/netbios/mailslot-datagram';
import { parseNetbiosName } from '../../../extension/netbios/netbios-name';
import { codeServerInstalled } from '../../e2e/code-server';
import { panelFrame, runCommand } from '../../e2e/workbench';
import { openSession, waitUntil } from '../../e2e/workbench-session';
import { allProcessCpu, cpuByGroup } from '../process-cpu';
import { fixed, int, percentile, reportedRow, type BenchRow } from '../results';

const RATE = 100;
/** Light traffic: one message every 40 ms, so each crosses alone and the CPUs are mostly free. */
const LIGHT_RATE = 25;

/** What each process on the machine is, for the CPU split of the run. */
function role(pid: number, command: string): string | undefined {
  if (pid === process.pid) return 'this benchmark (sender and Playwright)';
  if (/--type=renderer/.test(command)) return 'Chromium renderer';
  if (/--type=gpu-process/.test(command)) return 'Chromium GPU process (software)';
  if (/chromium/.test(command)) return 'Chromium browser and utilities';
  if (/--type=extensionHost/.test(command)) return "code-server's extension host";
  if (/code-server/.test(command)) return "code-server's server";
  return undefined;
}

/** `CPU during …` for the note: each group's CPU in the quiet and the busy stretch of the same length. */
function cpuSplit(idle: Map<string, number>, busy: Map<string, number>, seconds: number): string {
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const groups = [...busy.entries()].sort((a, b) => b[1] - a[1]).map(([name, ms]) => `${name} ${int(ms)} (${int(idle.get(name) ?? 0)})`);
  return `CPU of the machine's processes in ms during the ${seconds} s of traffic (in brackets: the ${seconds} s before it, the panel open and no traffic; /proc): ${groups.join(', ')}; in all ${int(total(busy))} (${int(total(idle))}) of the ${int(seconds * 1000 * os.cpus().length)} its ${os.cpus().length} CPUs have.`;
}

async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind({ port: 0, address: '127.0.0.1' }, resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** The receive time a row shows (local `HH:MM:SS.mmm`) as epoch ms, on the day of `near`. */
function rowTime(text: string, near: number): number {
  const [h, m, rest] = text.split(':');
  const day = new Date(near);
  day.setHours(Number(h), Number(m), Number(rest));
  day.setMilliseconds(Math.round((Number(rest) % 1) * 1000));
  const t = day.getTime();
  return t - near > 12 * 3600_000 ? t - 86400_000 : near - t > 12 * 3600_000 ? t + 86400_000 : t;
}

export async function panelLatency(count: number, why: string, want: (id: string) => boolean): Promise<BenchRow[]> {
  if (!codeServerInstalled()) throw new Error('code-server is not installed (node scripts/setup.mjs test)');
  const mailslot = `BENCH_LAT_${randomBytes(3).toString('hex').toUpperCase()}`;
  const port = await freeUdpPort();
  const session = await openSession({
    area: 'bench',
    settings: { 'slotpipe.watchers': [{ endpoint: `\\\\.\\mailslot\\${mailslot}`, decode: 'text', autoStart: true, netbios: { port, bind: '127.0.0.1' } }] },
  });
  const socket = dgram.createSocket('udp4');
  try {
    await runCommand(session.page, 'Slotpipe: Show Traffic');
    const frame = await panelFrame(session.page);
    await frame.locator('.sp-toolbar').waitFor({ timeout: 60_000 });
    const send = (text: string) => new Promise<void>((resolve, reject) => socket.send(encodeMailslotDatagram({
      type: DatagramType.directUnique, more: false, first: true, nodeType: 0, id: Math.floor(Math.random() * 0x10000), sourceIp: '127.0.0.1', sourcePort: 138,
      sourceName: parseNetbiosName('BENCH'), destinationName: parseNetbiosName('SLOTPIPE'), mailslot: `\\MAILSLOT\\${mailslot}`,
      data: new TextEncoder().encode(text),
    }), port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
    // The watcher starts from the settings; a first message shows when it listens.
    await waitUntil(async () => {
      await send('warm-up');
      return (await frame.locator('.sp-rows .sp-row', { hasText: 'warm-up' }).count()) > 0;
    }, 'the watcher to show a first message', session);
    // Functions evaluated in the page are compiled by tsx, which names them through a helper.
    await frame.evaluate('globalThis.__name = (target) => target');
    await frame.evaluate(() => {
      // Per message: when it was first drawn, the time its row shows (when the watcher received it), and
      // when the announcement that carried it reached the webview; and how many announcements came.
      const seen = new Map<number, [number, string]>();
      const arrived = new Map<number, number>();
      const bench = { seen, arrived, announcements: 0 };
      Object.assign(window, { bench });
      window.addEventListener('message', (event: MessageEvent) => {
        if (event.data?.type !== 'announce') return;
        bench.announcements++;
        const tail = event.data.view.tail;
        for (const row of tail?.rows ?? []) {
          const match = /lat-(\d{6})/.exec(new TextDecoder().decode(new Uint8Array(tail.bytes, row.offset, row.size)));
          if (match && !arrived.has(Number(match[1]))) arrived.set(Number(match[1]), performance.timeOrigin + performance.now());
        }
      }, true);
      // Looked at whenever the table changes its rows: in the animation frame that paints them.
      const look = () => {
        for (const row of document.querySelectorAll('.sp-rows .sp-row:not([hidden]):not(.sp-loading)')) {
          const match = /lat-(\d{6})/.exec(row.textContent ?? '');
          if (match && !seen.has(Number(match[1]))) seen.set(Number(match[1]), [performance.timeOrigin + performance.now(), row.querySelector('.sp-cell')?.textContent ?? '']);
        }
      };
      new MutationObserver(look).observe(document.querySelector('.sp-rows')!, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    type Page = { bench: { seen: Map<number, [number, string]>; arrived: Map<number, number>; announcements: number } };
    const announcements = () => frame.evaluate(() => (window as unknown as Page).bench.announcements);

    /** One stretch of traffic at `rate`, numbered from `first`, after a quiet stretch as long. */
    const measure = async (rate: number, messages: number, first: number) => {
      // The same stretch with no traffic first, then the traffic: what the messages cost each process.
      const seconds = messages / rate;
      const quietFrom = allProcessCpu();
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      const announcedBefore = await announcements();
      const busyFrom = allProcessCpu();
      const sentAt: number[] = [];
      const started = Date.now();
      for (let i = 0; i < messages; i++) {
        const due = started + (i * 1000) / rate;
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
        sentAt.push(Date.now());
        await send(`lat-${String(first + i).padStart(6, '0')}`);
      }
      const busyTo = allProcessCpu();
      const announced = (await announcements()) - announcedBefore;
      const cpu = quietFrom && busyFrom && busyTo ? cpuSplit(cpuByGroup(quietFrom, busyFrom, role), cpuByGroup(busyFrom, busyTo, role), seconds) : '';
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const seen = new Map(await frame.evaluate(() => [...(window as unknown as Page).bench.seen.entries()]));
      const arrived = new Map(await frame.evaluate(() => [...(window as unknown as Page).bench.arrived.entries()]));
      const shown = sentAt.flatMap((t, i) => {
        const drawn = seen.get(first + i);
        return drawn ? [{ sent: t, drawn: drawn[0], logged: rowTime(drawn[1], t), arrived: arrived.get(first + i) }] : [];
      });
      const latencies = shown.map((m) => m.drawn - m.sent);
      const carried = shown.filter((m) => m.arrived !== undefined);
      const split = (values: number[]) => `p50 ${fixed(percentile(values, 0.5))}, p99 ${fixed(percentile(values, 0.99))} ms`;
      const missing = messages - latencies.length;
      const p99 = percentile(latencies, 0.99);
      return {
        p99,
        name: `6 Latency send → row visible in the panel, ${messages} msgs at ${rate}/s (code-server + Chromium, NetBIOS on loopback)`,
        slotpipe: `p50 ${fixed(percentile(latencies, 0.5))} ms, p99 ${fixed(p99)} ms, max ${fixed(Math.max(...latencies))} ms${missing ? `; ${missing} never in view when a frame was drawn (more came between two draws than the view shows; they are in the log)` : ''}`,
        split: `Split by the time each row shows (the watcher's receive time, ms) and the time the announcement carrying it reached the webview (${carried.length} of ${shown.length} came with one): send → logged ${split(shown.map((m) => m.logged - m.sent))}; logged → in the webview (pacing and the crossing) ${split(carried.map((m) => m.arrived! - m.logged))}; in the webview → drawn ${split(carried.map((m) => m.drawn - m.arrived!))}. ${announced} announcements reached the webview during the traffic. ${cpu}`,
      };
    };

    const rows: BenchRow[] = [];
    const route = 'Through the packaged .vsix: UDP → watcher → TrafficLog → announcement carrying the newest rows (light traffic at most every 5 ms, heavier paced to ≤ 30/s) → drawn; seen by a MutationObserver on the table\'s rows in the webview (in the animation frame that paints them).';
    if (want('panel-latency-light')) {
      // Numbered from 500,000, so its rows never count for the 100/s stretch after it.
      const light = await measure(LIGHT_RATE, Math.max(50, Math.round(count / 2)), 500_000);
      rows.push(reportedRow({
        id: 'panel-latency-light', name: light.name, baseline: '—', slotpipe: light.slotpipe, ratio: '—', target: '', met: 'n/a',
        figures: { slotpipe: { value: light.p99, unit: 'ms (p99)' } },
        note: `The same path and session as \`panel-latency\`, before it, with one message every ${1000 / LIGHT_RATE} ms: what the path itself takes when the CPUs are mostly free. ${light.split}`,
      }, `reported (the target is at ${RATE}/s)`));
    }
    if (want('panel-latency')) {
      const heavy = await measure(RATE, count, 0);
      rows.push({
        id: 'panel-latency', name: heavy.name, baseline: '—', slotpipe: heavy.slotpipe, ratio: '—', target: 'p99 ≤ 40 ms', met: heavy.p99 <= 40 ? 'yes' : 'no',
        figures: { slotpipe: { value: heavy.p99, unit: 'ms (p99)' }, target: { of: 'slotpipe', at: 'most', value: 40, unit: 'ms (p99)' } },
        note: `${route} ${heavy.split} ${why}`.trim(),
      });
    }
    return rows;
  } finally {
    socket.close();
    await session.close();
  }
}
