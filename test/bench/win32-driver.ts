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
import { watchMailslot, type MailslotWatcher } from '../../extension/win32/mailslot-watcher';
import { openMailslotSender } from '../../extension/win32/mailslot-sender';
import { watchPipe } from '../../extension/win32/pipe-server';
import { runScenario, type Scenarios } from './run-scenario';

interface IngestArgs {
  endpoint: string;
  /** Messages to wait for (message modes). */
  count?: number;
  /** Bytes to wait for (byte pipes). */
  bytes?: number;
  /**
   * The first this many messages (or bytes, for byte pipes), part of `count` (`bytes`), are not counted:
   * {"warm":true} is printed once they are in, and time and CPU start with the next (as bench_recv --warmup).
   */
  warmUp?: number;
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
  async ingest({ endpoint, count, bytes, pipeMode, latency, warmUp = 0, timeoutMs = 120_000 }: IngestArgs) {
    const log = new TrafficLog(Math.max(count ?? 0, 100_000));
    const latencies: number[] = [];
    let received = 0;
    let receivedBytes = 0;
    let first = 0;
    let last = 0;
    let done = () => {};
    const finished = new Promise<void>((resolve) => (done = resolve));
    const errors: string[] = [];
    let cpuFrom = process.cpuUsage();
    /** Messages (or bytes, for byte pipes) logged so far, the warm-up's included. */
    let seen = 0;
    const warm = () => console.log(JSON.stringify({ warm: true }));
    const sink: WatcherSink = {
      messages(batch: RawMessage[]) {
        const logged = log.append('bench', endpoint, batch);
        const now = Date.now();
        const arrived = latency ? process.hrtime.bigint() : 0n;
        for (const m of logged) {
          const before = seen;
          seen += bytes === undefined ? 1 : m.bytes.length;
          if (before < warmUp && seen >= warmUp) warm();
          if (seen <= warmUp) continue;
          if (!first) {
            first = m.time;
            if (warmUp) cpuFrom = process.cpuUsage();
          }
          if (latency && m.bytes.length >= 8) latencies.push(Number(arrived - new DataView(m.bytes.buffer, m.bytes.byteOffset, 8).getBigInt64(0, true)));
          received++;
          receivedBytes += m.bytes.length;
        }
        last = now;
        if ((count !== undefined && seen >= count) || (bytes !== undefined && seen >= bytes)) done();
      },
      event(event) {
        if (event.type === 'error') errors.push(event.message);
      },
    };
    const watcher = createWatcher({ endpoint: parseEndpoint(endpoint), pipeMode, direction: 'inbound' }, sink);
    await watcher.start();
    cpuFrom = process.cpuUsage();
    console.log(JSON.stringify({ ready: true }));
    const timer = setTimeout(done, timeoutMs);
    await finished;
    clearTimeout(timer);
    const cpu = process.cpuUsage(cpuFrom);
    const stats = log.stats();
    await watcher.stop();
    latencies.sort((a, b) => a - b);
    return {
      messages: received,
      // A message the warm-up ends in counts in part (byte pipes): the bytes after the warm-up are exact.
      bytes: bytes === undefined ? receivedBytes : seen - warmUp,
      elapsedMs: last - first,
      /** CPU time of the whole process (main thread, I/O worker, GC) from ready (or the warm-up's end) to the last message. */
      cpuMs: (cpu.user + cpu.system) / 1000,
      logged: stats.total - (bytes === undefined ? warmUp : 0),
      dropped: stats.dropped,
      errors,
      latency: latency && latencies.length ? { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: latencies.at(-1) } : undefined,
    };
  },

  /**
   * Idle watchers on `endpoints` for `seconds`: the CPU the whole process (all threads) used meanwhile,
   * and how often the mailslot readers woke with no message.
   */
  async idle({ endpoints, seconds, settleMs = 2000, readTimeout }: { endpoints: string[]; seconds: number; settleMs?: number; readTimeout?: number }) {
    const sink: WatcherSink = { messages() {}, event() {} };
    const watchers = endpoints.map((endpoint) => createWatcher({ endpoint: parseEndpoint(endpoint), readTimeout }, sink));
    const wakeups = () => watchers.reduce((n, w) => n + ('idleWakeups' in w ? (w as MailslotWatcher).idleWakeups() : 0), 0);
    for (const watcher of watchers) await watcher.start();
    console.log(JSON.stringify({ ready: true }));
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const before = process.cpuUsage();
    const wakeupsBefore = wakeups();
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const used = process.cpuUsage(before);
    const wallMs = performance.now() - started;
    const idleWakeups = wakeups() - wakeupsBefore;
    for (const watcher of watchers) await watcher.stop();
    return { watchers: watchers.length, wallMs, userUs: used.user, systemUs: used.system, idleWakeups };
  },

  /**
   * `cycles` times: a mailslot watcher idle for `idleMs` (its reader blocked in ReadFile), then stopped,
   * timed from the call to its end; then one that gets `messages` written just before its stop: how many
   * of them were lost. The same for an idle pipe watcher (`pipe`), whose stop is a completion-port wake-up.
   */
  async stop({ endpoint, pipe, cycles, idleMs = 300, messages = 100 }: { endpoint: string; pipe: string; cycles: number; idleMs?: number; messages?: number }) {
    const stopMs: number[] = [];
    const pipeStopMs: number[] = [];
    const stoppedMs: number[] = [];
    let stopStarted = 0;
    let lost = 0;
    let wakeups = 0;
    const errors: string[] = [];
    const sinkCounting = (counter: { n: number }): WatcherSink => ({
      messages: (batch) => void (counter.n += batch.length),
      event: (event) => {
        if (event.type === 'error') errors.push(event.message);
        if (event.type === 'stopped' && stopStarted) stoppedMs.push(performance.now() - stopStarted);
      },
    });
    console.log(JSON.stringify({ ready: true }));
    for (let i = 0; i < cycles; i++) {
      const idle = watchMailslot({ endpoint: parseEndpoint(endpoint) }, sinkCounting({ n: 0 }));
      await idle.start();
      await new Promise((resolve) => setTimeout(resolve, idleMs));
      stopStarted = performance.now();
      await idle.stop();
      stopMs.push(performance.now() - stopStarted);
      stopStarted = 0;
      wakeups += idle.idleWakeups();

      const received = { n: 0 };
      const busy = watchMailslot({ endpoint: parseEndpoint(endpoint) }, sinkCounting(received));
      await busy.start();
      const sender = await openMailslotSender(parseEndpoint(endpoint));
      const bytes = new Uint8Array(100).fill(0x61);
      for (let m = 0; m < messages; m++) await sender.send(bytes);
      await sender.close();
      await busy.stop();
      lost += messages - received.n;

      const pipeWatcher = watchPipe({ endpoint: parseEndpoint(pipe) }, sinkCounting({ n: 0 }));
      await pipeWatcher.start();
      await new Promise((resolve) => setTimeout(resolve, idleMs));
      const pipeStarted = performance.now();
      await pipeWatcher.stop();
      pipeStopMs.push(performance.now() - pipeStarted);
    }
    stopMs.sort((a, b) => a - b);
    stoppedMs.sort((a, b) => a - b);
    pipeStopMs.sort((a, b) => a - b);
    return {
      stopMs, p50: percentile(stopMs, 0.5), max: stopMs.at(-1), stoppedP50: percentile(stoppedMs, 0.5),
      pipeP50: percentile(pipeStopMs, 0.5), pipeMax: pipeStopMs.at(-1), lost, sent: cycles * messages, wakeups, errors,
    };
  },
};

runScenario(scenarios);
