/**
 * Case 6, Win32 half: the C sender writes at a light 100 msg/s, each message stamped with the clock
 * at WriteFile (QueryPerformanceCounter in ns, the clock Node's hrtime reads on Windows); the C
 * receiver takes the time when ReadFile returns, Slotpipe when the message is in the TrafficLog.
 */
import { fixed, type BenchRow } from '../results';
import { benchMailslot, benchPipe, driverResult, runSender, startDriver, startReceiver } from '../win32-programs';

const RATE = 100;

export async function win32Latency(count: number, why: string, want: (id: string) => boolean = () => true): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const kind of ['mailslot', 'pipe'] as const) {
    if (!want(`latency-${kind}`)) continue;
    const sendArgs = (name: string) => ['--mode', kind, '--name', name, '--count', String(count), '--rate', String(RATE), '--stamp'];
    const cName = kind === 'mailslot' ? benchMailslot('latency') : benchPipe('latency');
    const receiver = await startReceiver(['--mode', kind, '--name', cName, '--count', String(count), '--latency']);
    await runSender(sendArgs(cName));
    const [, c50, c99] = (await receiver.line('LATENCY', 60_000)).split(' ').map(Number);
    await receiver.exited;

    const name = kind === 'mailslot' ? benchMailslot('latency') : benchPipe('latency');
    const driver = await startDriver('ingest', { endpoint: name, count, pipeMode: 'message', latency: true });
    await runSender(sendArgs(name));
    const result = await driverResult<{ latency: { p50: number; p99: number; max: number }; logged: number }>(driver);
    await driver.exited;
    const ms = (ns: number) => `${fixed(ns / 1e6, 2)} ms`;
    const p99 = result.latency.p99 / 1e6;
    rows.push({
      id: `latency-${kind}`,
      name: `6 Latency WriteFile → TrafficLog, ${kind}, ${count} msgs at ${RATE}/s (Win32)`,
      baseline: `p50 ${ms(c50)}, p99 ${ms(c99)} (C, ReadFile returned)`,
      slotpipe: `p50 ${ms(result.latency.p50)}, p99 ${ms(result.latency.p99)}, max ${ms(result.latency.max)}`,
      ratio: `${(result.latency.p99 / c99).toFixed(1)}× (p99)`,
      target: 'p99 ≤ 5 ms',
      met: p99 <= 5 ? 'yes' : 'no',
      note: why,
      figures: { baseline: { value: c99 / 1e6, unit: 'ms (p99)' }, slotpipe: { value: p99, unit: 'ms (p99)' }, ratio: result.latency.p99 / c99, target: { of: 'slotpipe', at: 'most', value: 5, unit: 'ms (p99)' } },
    });
  }
  return rows;
}
