/**
 * Stopping a mailslot watcher whose reader waits in ReadFile with no timeout: the stop writes the
 * watcher's wake token into the mailslot. Timed from stop() to its end (the I/O thread gone, the
 * handle closed), and checked for messages lost when traffic came just before the stop.
 */
import { fixed, int, type BenchRow } from '../results';
import { benchMailslot, benchPipe, driverResult, startDriver } from '../win32-programs';

const TARGET_MS = 20;

export async function mailslotStop(cycles: number, why: string): Promise<BenchRow[]> {
  const r = await driverResult<{ stopMs: number[]; p50: number; max: number; stoppedP50: number; pipeP50: number; pipeMax: number; lost: number; sent: number; wakeups: number; errors: string[] }>(
    await startDriver('stop', { endpoint: benchMailslot('stop'), pipe: benchPipe('stop'), cycles }));
  const errors = r.errors.length ? ` Errors: ${r.errors.slice(0, 3).join('; ')}.` : '';
  return [{
    id: 'mailslot-stop',
    name: `8 Mailslot watcher stop, ${cycles} idle watchers, then ${int(r.sent)} messages written just before ${cycles} stops (Win32)`,
    baseline: `idle pipe watcher's stop (a completion-port wake-up, the same I/O thread exit): p50 ${fixed(r.pipeP50, 1)} ms, max ${fixed(r.pipeMax, 1)} ms; mailslots before this round ≈ 205 ms (a 200 ms read timeout)`,
    slotpipe: `p50 ${fixed(r.p50, 1)} ms, max ${fixed(r.max, 1)} ms (reader done and its handle closed: p50 ${fixed(r.stoppedP50, 1)} ms; the rest is the I/O thread's exit); ${r.lost ? `${r.lost} of ${int(r.sent)} LOST` : `none of ${int(r.sent)} lost`}; ${r.wakeups} idle wake-ups`,
    ratio: `${(r.p50 / r.pipeP50).toFixed(2)}× the pipe stop (p50)`,
    target: `stop ≤ ${TARGET_MS} ms, none lost`,
    met: r.max <= TARGET_MS && r.lost === 0 && !r.errors.length ? 'yes' : 'no',
    note: `${why}${errors}`.trim(),
    figures: { baseline: { value: r.pipeMax, unit: 'ms (slowest pipe-watcher stop)' }, ratio: r.p50 / r.pipeP50, slotpipe: { value: r.max, unit: 'ms (slowest stop)' }, target: { of: 'slotpipe', at: 'most', value: TARGET_MS, unit: 'ms (slowest stop)' } },
  }];
}
