/**
 * Case 8: ten watchers, no traffic, for a while: the CPU the process used (process.cpuUsage covers
 * every thread, so the I/O workers too). Win32 mailslot watchers wake once per read timeout by design
 * (a bounded ReadFile, so a stop is noticed); pipe watchers wait in GetQueuedCompletionStatus without
 * a timeout. The baseline is the same process with no watcher; all run at the same time.
 */
import { fixed, type BenchRow } from '../results';
import { startLinuxDriver } from '../linux-driver-process';
import { benchMailslot, benchPipe, driverResult, startDriver } from '../win32-programs';

interface Idle {
  watchers: number;
  wallMs: number;
  userUs: number;
  systemUs: number;
}

const share = (r: Idle) => ((r.userUs + r.systemUs) / 1000 / r.wallMs) * 100;

export async function idleCost(seconds: number, why: Record<string, string>): Promise<BenchRow[]> {
  const mailslots = Array.from({ length: 10 }, () => benchMailslot('idle'));
  const pipes = Array.from({ length: 10 }, () => benchPipe('idle'));
  const programs = await Promise.all([
    startDriver('idle', { endpoints: [], seconds }),
    startDriver('idle', { endpoints: mailslots, seconds }),
    startDriver('idle', { endpoints: pipes, seconds }),
    startLinuxDriver('idle', { watchers: 0, seconds }),
    startLinuxDriver('idle', { watchers: 10, seconds }),
  ]);
  const [none, slots, pipeIdle, linuxNone, linuxTen] = await Promise.all(programs.map((p) => driverResult<Idle>(p)));
  const row = (name: string, base: Idle, r: Idle, note: string): BenchRow => ({
    name,
    baseline: `${fixed(share(base), 3)} % of a core (same process, no watcher)`,
    slotpipe: `${fixed(share(r), 3)} % of a core (${fixed(share(r) - share(base), 3)} % above the baseline)`,
    ratio: '—',
    target: '≤ 0.5 % of a core',
    met: share(r) <= 0.5 ? 'yes' : 'no',
    note,
  });
  return [
    row(`8 Idle, 10 mailslot watchers, ${seconds} s (Win32)`, none, slots, why.mailslot ?? ''),
    row(`8 Idle, 10 pipe watchers, ${seconds} s (Win32)`, none, pipeIdle, why.pipe ?? ''),
    row(`8 Idle, 10 NetBIOS watchers, ${seconds} s (Linux)`, linuxNone, linuxTen, why.netbios ?? ''),
  ];
}
