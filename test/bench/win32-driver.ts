/**
 * The Win32 side of the benchmarks, run in Windows Node.js (under Wine on Linux): Slotpipe's real
 * watchers (I/O worker thread, batches, TrafficLog) measured in-process. Each scenario prints
 * {"ready":true} once its endpoints exist, then one {"result":...} line.
 *   node bench-win32.js <scenario> <json-args>
 */
import { parseEndpoint } from '../../extension/core/endpoint';
import type { WatchOptions, Watcher, WatcherSink } from '../../extension/core/backend';
import type { RawMessage } from '../../extension/core/message';
import { TrafficLog } from '../../extension/core/traffic-log';
import { watchMailslot } from '../../extension/win32/mailslot-watcher';
import { watchPipe } from '../../extension/win32/pipe-server';
import { runScenario, type Scenarios } from './run-scenario';

interface IngestArgs {
  endpoint: string;
  /** Messages to wait for (message modes). */
  count?: number;
  /** Bytes to wait for (byte pipes). */
  bytes?: number;
  pipeMode?: 'message' | 'byte';
  /** Messages start with the sender's clock in ns (bench_send --stamp): report WriteFile → log latency. */
  latency?: boolean;
  timeoutMs?: number;
}

function createWatcher(options: WatchOptions, sink: WatcherSink): Watcher {
  return options.endpoint.kind === 'mailslot' ? watchMailslot(options, sink) : watchPipe(options, sink);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

const scenarios: Scenarios = {
  /** Messages from a C sender into the TrafficLog, timed from the first read to the last logged. */
  async ingest({ endpoint, count, bytes, pipeMode, latency, timeoutMs = 120_000 }: IngestArgs) {
    const log = new TrafficLog(Math.max(count ?? 0, 100_000));
    const latencies: number[] = [];
    let received = 0;
    let receivedBytes = 0;
    let first = 0;
    let last = 0;
    let done = () => {};
    const finished = new Promise<void>((resolve) => (done = resolve));
    const errors: string[] = [];
    const sink: WatcherSink = {
      messages(batch: RawMessage[]) {
        const logged = log.append('bench', endpoint, batch);
        const now = Date.now();
        if (latency) {
          const arrived = process.hrtime.bigint();
          for (const m of logged) {
            if (m.bytes.length >= 8) latencies.push(Number(arrived - new DataView(m.bytes.buffer, m.bytes.byteOffset, 8).getBigInt64(0, true)));
          }
        }
        if (!first && logged.length) first = logged[0].time;
        received += logged.length;
        for (const m of logged) receivedBytes += m.bytes.length;
        last = now;
        if ((count !== undefined && received >= count) || (bytes !== undefined && receivedBytes >= bytes)) done();
      },
      event(event) {
        if (event.type === 'error') errors.push(event.message);
      },
    };
    const watcher = createWatcher({ endpoint: parseEndpoint(endpoint), pipeMode, direction: 'inbound' }, sink);
    await watcher.start();
    const cpuAtReady = process.cpuUsage();
    console.log(JSON.stringify({ ready: true }));
    const timer = setTimeout(done, timeoutMs);
    await finished;
    clearTimeout(timer);
    const cpu = process.cpuUsage(cpuAtReady);
    const stats = log.stats();
    await watcher.stop();
    latencies.sort((a, b) => a - b);
    return {
      messages: received,
      bytes: receivedBytes,
      elapsedMs: last - first,
      /** CPU time of the whole process (main thread, I/O worker, GC) from ready to the last message. */
      cpuMs: (cpu.user + cpu.system) / 1000,
      logged: stats.total,
      dropped: stats.dropped,
      errors,
      latency: latency && latencies.length ? { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: latencies.at(-1) } : undefined,
    };
  },

  /** `watchers` idle watchers for `seconds`: the CPU the whole process (all threads) used meanwhile. */
  async idle({ endpoints, seconds, settleMs = 2000 }: { endpoints: string[]; seconds: number; settleMs?: number }) {
    const sink: WatcherSink = { messages() {}, event() {} };
    const watchers = endpoints.map((endpoint) => createWatcher({ endpoint: parseEndpoint(endpoint) }, sink));
    for (const watcher of watchers) await watcher.start();
    console.log(JSON.stringify({ ready: true }));
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const before = process.cpuUsage();
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const used = process.cpuUsage(before);
    const wallMs = performance.now() - started;
    for (const watcher of watchers) await watcher.stop();
    return { watchers: watchers.length, wallMs, userUs: used.user, systemUs: used.system };
  },
};

runScenario(scenarios);
