/**
 * The Linux side of the benchmarks, one scenario per process so each is measured alone:
 *   node --import tsx test/bench/linux-driver.ts <scenario> <json-args>
 * Prints {"ready":true,...} once set up, then one {"result":...} line.
 */
import dgram from 'node:dgram';
import type { RawMessage } from '../../extension/core/message';
import { parseEndpoint } from '../../extension/core/endpoint';
import { TrafficLog } from '../../extension/core/traffic-log';
import { Conversations } from '../../extension/core/conversations';
import { DEFAULT_UNANSWERED_AFTER_MS } from '../../extension/core/settings';
import { watchDatagrams } from '../../extension/netbios/udp-watcher';
import { askReceiveBuffer } from '../../extension/netbios/receive-buffer';
import { decodeMailslotDatagram, encodeMailslotDatagram } from '../../extension/netbios/mailslot-datagram';
import { DatagramType } from '../../extension/netbios/datagram';
import { parseNetbiosName } from '../../extension/netbios/netbios-name';
import { AnnouncePacer } from '../../extension/ui/panel/announce-pacer';
import { PanelResponder } from '../../extension/ui/panel/panel-responder';
import { RateHistory } from '../../extension/ui/panel/rate-history';
import { runScenario, type Scenarios } from './run-scenario';

/** A receiver ends this long after the last datagram (UDP never says "done"). */
const QUIET_MS = 1500;

const ready = (extra: object = {}) => console.log(JSON.stringify({ ready: true, ...extra }));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `count` mailslot datagrams to `\MAILSLOT\<mailslot>`, 100-byte payloads, each with its own id. */
export function benchDatagrams(mailslot: string, count: number, payload = 100): Uint8Array[] {
  const data = new Uint8Array(payload).fill(0x61);
  return Array.from({ length: count }, (_, i) => encodeMailslotDatagram({
    type: DatagramType.directUnique, more: false, first: true, nodeType: 0, id: i & 0xffff, sourceIp: '127.0.0.1', sourcePort: 138,
    sourceName: parseNetbiosName('BENCH'), destinationName: parseNetbiosName('SLOTPIPE'),
    mailslot: `\\MAILSLOT\\${mailslot}`, data: data.map((b, j) => (j < 4 ? (i >> (8 * j)) & 0xff : b)),
  }));
}

interface Received {
  received: number;
  wallMs: number;
  cpuMs: number;
  /** CPU from the very first datagram, the uncounted ones (and the compiling they set off) included. */
  coldCpuMs: number;
  logged?: number;
}

/**
 * Counts until `count` arrived or it went quiet; times from the first to the last datagram. The first
 * `warmUp` are not counted: CPU and time start with the one after them (WARM_UP in results.ts).
 */
function receiving(count: number, onDone: (r: Received) => void, warmUp = 0) {
  let warming = warmUp;
  let received = 0;
  let first = 0;
  let last = 0;
  let cpu: NodeJS.CpuUsage | undefined;
  let coldCpu: NodeJS.CpuUsage | undefined;
  // Silence is noticed by a slow check rather than a timer reset per datagram, which would cost the
  // counting baseline more than counting itself.
  let quietCheck: NodeJS.Timeout | undefined;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    clearInterval(quietCheck);
    const ms = ({ user, system }: NodeJS.CpuUsage) => (user + system) / 1000;
    onDone({ received, wallMs: last - first, cpuMs: ms(process.cpuUsage(cpu)), coldCpuMs: ms(process.cpuUsage(coldCpu)) });
  };
  return (n: number) => {
    coldCpu ??= process.cpuUsage();
    if (warming > 0) {
      const taken = Math.min(warming, n);
      warming -= taken;
      n -= taken;
      if (!n) return;
    }
    if (!first) {
      first = performance.now();
      cpu = process.cpuUsage();
      quietCheck = setInterval(() => performance.now() - last > QUIET_MS && finish(), QUIET_MS / 4);
    }
    received += n;
    last = performance.now();
    if (received >= count) finish();
  };
}

const scenarios: Scenarios = {
  /** The baseline: a raw dgram socket that only counts, with the receive buffer the watcher asks for. */
  async 'dgram-count'({ count, warmUp = 0 }: { count: number; warmUp?: number }) {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind({ port: 0, address: '127.0.0.1' }, resolve));
    const receiveBuffer = askReceiveBuffer(socket);
    const result = new Promise<Received>((resolve) => {
      const count1 = receiving(count, resolve, warmUp);
      socket.on('message', () => count1(1));
    });
    ready({ port: socket.address().port });
    const r = await result;
    socket.close();
    return { ...r, receiveBuffer };
  },

  /** Slotpipe: the NetBIOS watcher decoding every datagram, batches appended to a TrafficLog. */
  async 'netbios-ingest'({ count, mailslot, warmUp = 0 }: { count: number; mailslot: string; warmUp?: number }) {
    const log = new TrafficLog(Math.max(count + warmUp, 1000));
    let done: (r: Received) => void = () => {};
    const result = new Promise<Received>((resolve) => (done = resolve));
    const count1 = receiving(count, done, warmUp);
    const watcher = watchDatagrams({ endpoint: parseEndpoint(`\\\\.\\mailslot\\${mailslot}`), netbios: { port: 0, bind: '127.0.0.1' } }, {
      messages(batch: RawMessage[]) {
        count1(log.append('bench', mailslot, batch).length);
      },
      event() {},
    });
    await watcher.start();
    ready({ port: watcher.local!.port });
    const r = await result;
    const receiveBuffer = watcher.receiveBuffer;
    await watcher.stop();
    // Each message carries the time it was taken off the socket: the receive span, apart from decoding.
    const stats = log.stats();
    const firstSeq = Math.min(stats.firstSeq + warmUp, stats.lastSeq);
    const receiveMs = stats.lastSeq ? log.get(stats.lastSeq)!.time - log.get(firstSeq)!.time : 0;
    return { ...r, receiveMs, logged: stats.total - warmUp, receiveBuffer };
  },

  /**
   * Sends `count` datagrams to 127.0.0.1:port at `rate` per second (0: as fast as the socket takes them);
   * first `warmUp` more at `warmUpRate` and a pause of `pauseMs`, which the receivers do not count.
   */
  async 'netbios-send'({ port, count, mailslot, rate = 0, warmUp = 0, pauseMs = 0, warmUpRate = rate }: { port: number; count: number; mailslot: string; rate?: number; warmUp?: number; pauseMs?: number; warmUpRate?: number }) {
    const datagrams = benchDatagrams(mailslot, warmUp + count);
    const socket = dgram.createSocket('udp4');
    ready();
    const send = async (from: number, to: number, rate: number) => {
      const started = performance.now();
      let sent = from;
      while (sent < to) {
        const due = rate ? Math.min(to, from + Math.floor(((performance.now() - started) / 1000) * rate)) : Math.min(to, sent + 64);
        const sends: Promise<void>[] = [];
        for (; sent < due; sent++) sends.push(new Promise<void>((resolve) => socket.send(datagrams[sent], port, '127.0.0.1', () => resolve())));
        await Promise.all(sends);
        if (rate) await sleep(1);
      }
      return performance.now() - started;
    };
    if (warmUp) {
      await send(0, warmUp, warmUpRate);
      await sleep(pauseMs);
    }
    const wallMs = await send(warmUp, warmUp + count, rate);
    socket.close();
    return { sent: count, wallMs };
  },

  /** The codec alone: decodes of one 100-byte mailslot datagram per second. */
  async codec({ count }: { count: number }) {
    const datagrams = benchDatagrams('BENCH', 64);
    ready();
    let checksum = 0;
    for (let i = 0; i < 100_000; i++) checksum += decodeMailslotDatagram(datagrams[i & 63]).data.length;
    const started = performance.now();
    for (let i = 0; i < count; i++) checksum += decodeMailslotDatagram(datagrams[i & 63]).data.length;
    const ms = performance.now() - started;
    if (checksum !== (count + 100_000) * 100) throw new Error(`decoded payloads do not add up: ${checksum}`);
    return { decodes: count, ms };
  },

  /** `watchers` idle NetBIOS watchers for `seconds`: the CPU this process used meanwhile. */
  async idle({ watchers, seconds }: { watchers: number; seconds: number }) {
    const sink = { messages() {}, event() {} };
    const started = await Promise.all(Array.from({ length: watchers }, async (_, i) => {
      const w = watchDatagrams({ endpoint: parseEndpoint(`\\\\.\\mailslot\\bench_idle_${i}`), netbios: { port: 0, bind: '127.0.0.1' } }, sink);
      await w.start();
      return w;
    }));
    ready();
    await sleep(2000);
    const before = process.cpuUsage();
    const t = performance.now();
    await sleep(seconds * 1000);
    const used = process.cpuUsage(before);
    const wallMs = performance.now() - t;
    await Promise.all(started.map((w) => w.stop()));
    return { watchers, wallMs, userUs: used.user, systemUs: used.system };
  },

  /**
   * The log at a million messages: `messages` × 100 B appended in worker-sized batches to a log of
   * `capacity`; memory after a full GC at every `step`.
   */
  async memory({ messages, capacity, step }: { messages: number; capacity: number; step: number }) {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error('run with --expose-gc');
    ready();
    // Twice, a turn apart: array buffers freed by one collection are released by the next.
    const measure = async () => {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      const m = process.memoryUsage();
      return { heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss };
    };
    const empty = await measure();
    const log = new TrafficLog(capacity);
    const samples: { appended: number; heapUsed: number; external: number; arrayBuffers: number; rss: number }[] = [];
    const BATCH = 512;
    const peer = { connection: 1, pid: 4242, image: 'sender.exe' };
    for (let done = 0; done < messages; done += BATCH) {
      // One transferred buffer per batch, as the I/O worker hands them over.
      const data = new Uint8Array(BATCH * 100).fill(0x61);
      const batch: RawMessage[] = [];
      for (let i = 0; i < BATCH; i++) batch.push({ time: Date.now(), direction: 'in', bytes: new Uint8Array(data.buffer, i * 100, 100), peer });
      log.append('bench', '\\\\.\\mailslot\\bench', batch);
      if (Math.floor((done + BATCH) / step) > Math.floor(done / step)) samples.push({ appended: done + BATCH, ...(await measure()) });
    }
    return { empty, samples, stats: log.stats() };
  },

  /** Host → webview announcements under a steady stream, through the panel's real pacer and responder. */
  async pacer({ rate, seconds }: { rate: number; seconds: number }) {
    const log = new TrafficLog(rate * seconds + 1000);
    const rates = new RateHistory();
    const responder = new PanelResponder(log, rates, new Conversations(log), () => DEFAULT_UNANSWERED_AFTER_MS);
    let announcements = 0;
    // The webview's acknowledgement comes at once here: the fastest webview, so the pacing alone limits the rate.
    const pacer: AnnouncePacer = new AnnouncePacer(() => {
      responder.announcement(Date.now());
      announcements++;
      setImmediate(() => pacer.acknowledged());
    });
    log.onAppend((batch) => {
      rates.addBatch(batch);
      responder.appended(batch);
      pacer.request(batch.length);
    });
    pacer.setVisible(true);
    pacer.setReady();
    ready();
    const bytes = new Uint8Array(100).fill(0x62);
    const started = performance.now();
    let sent = 0;
    let appends = 0;
    while (performance.now() - started < seconds * 1000) {
      const due = Math.floor(((performance.now() - started) / 1000) * rate);
      if (due > sent) {
        const batch: RawMessage[] = [];
        for (; sent < due; sent++) batch.push({ time: Date.now(), direction: 'in', bytes });
        log.append('bench', '\\\\.\\mailslot\\bench', batch);
        appends++;
      }
      await sleep(1);
    }
    const wallMs = performance.now() - started;
    const counted = announcements;
    pacer.dispose();
    return { sent, logged: log.stats().total, dropped: log.stats().dropped, announcements: counted, appends, wallMs };
  },
};

if (require.main === module) runScenario(scenarios);
