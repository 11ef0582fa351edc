/**
 * Case 8: ten watchers, no traffic, for a while: the CPU the process used (process.cpuUsage covers
 * every thread, so the I/O workers too), and for mailslots how often a reader woke with no message.
 * Mailslot readers wait without a timeout (a stop wakes them with a token); the wake-up baseline is the
 * same watchers with the read timeout that was the default before (200 ms). Pipe watchers wait in
 * GetQueuedCompletionStatus without a timeout. The CPU baseline is the same process with no watcher;
 * all run at the same time.
 */
import { fixed, type BenchRow } from '../results';
import { startLinuxDriver } from '../linux-driver-process';
import { benchMailslot, benchPipe, driverResult, startDriver } from '../win32-programs';

interface Idle {
  watchers: number;
  wallMs: number;
  userUs: number;
  systemUs: number;
  idleWakeups?: number;
}

/** The read timeout every mailslot watcher had before it waited without one. */
const FORMER_READ_TIMEOUT_MS = 200;

const share = (r: Idle) => ((r.userUs + r.systemUs) / 1000 / r.wallMs) * 100;
const wakeupsPerWatcherSecond = (r: Idle) => (r.idleWakeups ?? 0) / r.watchers / (r.wallMs / 1000);

export async function idleCost(seconds: number, why: Record<string, string>): Promise<BenchRow[]> {
  const mailslots = (n: number) => Array.from({ length: n }, () => benchMailslot('idle'));
  const pipes = Array.from({ length: 10 }, () => benchPipe('idle'));
  const programs = await Promise.all([
    startDriver('idle', { endpoints: [], seconds }),
    startDriver('idle', { endpoints: mailslots(10), seconds }),
    startDriver('idle', { endpoints: pipes, seconds }),
    startLinuxDriver('idle', { watchers: 0, seconds }),
    startLinuxDriver('idle', { watchers: 10, seconds }),
    startDriver('idle', { endpoints: mailslots(10), seconds, readTimeout: FORMER_READ_TIMEOUT_MS }),
  ]);
  const [none, slots, pipeIdle, linuxNone, linuxTen, timed] = await Promise.all(programs.map((p) => driverResult<Idle>(p)));
  const row = (id: string, name: string, base: Idle, r: Idle, note: string): BenchRow => ({
    id,
    name,
    baseline: `${fixed(share(base), 3)} % of a core (same process, no watcher)`,
    slotpipe: `${fixed(share(r), 3)} % of a core (${fixed(share(r) - share(base), 3)} % above the baseline)`,
    ratio: '—',
    target: '≤ 0.5 % of a core',
    met: share(r) <= 0.5 ? 'yes' : 'no',
    note,
    figures: { baseline: { value: share(base), unit: '% of a core' }, slotpipe: { value: share(r), unit: '% of a core' }, target: { of: 'slotpipe', at: 'most', value: 0.5, unit: '% of a core' } },
  });
  const perWatcher = wakeupsPerWatcherSecond(slots);
  return [
    row('idle-mailslot', `8 Idle, 10 mailslot watchers, ${seconds} s (Win32)`, none, slots, why.mailslot ?? ''),
    row('idle-pipe', `8 Idle, 10 pipe watchers, ${seconds} s (Win32)`, none, pipeIdle, why.pipe ?? ''),
    row('idle-netbios', `8 Idle, 10 NetBIOS watchers, ${seconds} s (Linux)`, linuxNone, linuxTen, why.netbios ?? ''),
    {
      id: 'mailslot-idle-wakeups',
      name: `8 Idle mailslot watchers' wake-ups, 10 watchers, ${seconds} s (Win32)`,
      baseline: `${fixed(wakeupsPerWatcherSecond(timed), 2)} wake-ups/s per watcher (${timed.idleWakeups} in all; readTimeout ${FORMER_READ_TIMEOUT_MS} ms, the former default), ${fixed(share(timed), 3)} % of a core`,
      slotpipe: `${fixed(perWatcher, 2)} wake-ups/s per watcher (${slots.idleWakeups} in all; no read timeout), ${fixed(share(slots), 3)} % of a core`,
      ratio: '—',
      target: '0 wake-ups per idle watcher',
      met: slots.idleWakeups === 0 ? 'yes' : 'no',
      note: why.wakeups ?? '',
      figures: {
        baseline: { value: wakeupsPerWatcherSecond(timed), unit: 'wake-ups/s per watcher' },
        slotpipe: { value: perWatcher, unit: 'wake-ups/s per watcher' },
        target: { of: 'slotpipe', at: 'most', value: 0, unit: 'wake-ups/s per watcher' },
      },
    },
  ];
}
