/**
 * Runs inside Windows Node.js (under Wine on Linux): drives the Win32 backends in-process for what the
 * CLI cannot show from outside — handle counts, many clients, stop/restart. Each scenario prints one
 * JSON line with what it observed; the tests in this folder make the assertions.
 *   node driver.js <scenario> [json-args]
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { parseEndpoint } from '../../extension/core/endpoint';
import type { WatcherEvent, WatchOptions, WatcherSink } from '../../extension/core/backend';
import type { RawMessage } from '../../extension/core/message';
import { watchMailslot } from '../../extension/win32/mailslot-watcher';
import { watchPipe } from '../../extension/win32/pipe-server';
import { connectPipe } from '../../extension/win32/pipe-client';
import { listPipes } from '../../extension/win32/pipe-list';
import { openMailslotSender } from '../../extension/win32/mailslot-sender';
import { currentUserSid, daclOf } from '../../extension/win32/pipe-security';
import { k32 } from '../../extension/win32/kernel32';
import { nextHandleValue, processHandleCount } from '../../extension/win32/process-image';
import { errorMessage } from '../../extension/core/error-message';

const handles = () => ({ count: processHandleCount(), next: nextHandleValue() });

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** Handles and JavaScript heap once pending closes ran and garbage was collected (for the cycle scenarios). */
async function settled() {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  collectGarbage();
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  const { heapUsed, rss } = process.memoryUsage();
  return { ...handles(), heapUsed, rss };
}

interface Collected {
  messages: RawMessage[];
  events: WatcherEvent[];
  sink: WatcherSink;
  waitFor(n: number, timeoutMs?: number): Promise<void>;
}

function collect(): Collected {
  const messages: RawMessage[] = [];
  const events: WatcherEvent[] = [];
  let wake = () => {};
  return {
    messages,
    events,
    sink: {
      messages: (batch) => {
        messages.push(...batch);
        wake();
      },
      event: (event) => {
        events.push(event);
        wake();
      },
    },
    async waitFor(n, timeoutMs = 20000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < n && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
    },
  };
}

/** Scenario options come as JSON; an endpoint inside them (proxyTo) comes as its name. */
type ScenarioOptions = Omit<Partial<WatchOptions>, 'proxyTo'> & { proxyTo?: string };

async function createWatcher(input: Omit<WatchOptions, 'proxyTo'> & { proxyTo?: string }, sink: WatcherSink) {
  const options: WatchOptions = { ...input, proxyTo: input.proxyTo === undefined ? undefined : parseEndpoint(input.proxyTo) };
  return options.endpoint.kind === 'mailslot' ? watchMailslot(options, sink) : watchPipe(options, sink);
}

const summary = (m: RawMessage) => ({ direction: m.direction, text: new TextDecoder().decode(m.bytes), size: m.bytes.length, peer: m.peer, flags: m.flags });

const scenarios: Record<string, (args: any) => Promise<unknown>> = {
  /** Start and stop watchers repeatedly; report handle counts and stop times. */
  async cycles({ endpoint, cycles, options }: { endpoint: string; cycles: number; options?: ScenarioOptions }) {
    const before = handles();
    const stopTimes: number[] = [];
    for (let i = 0; i < cycles; i++) {
      const c = collect();
      const watcher = await createWatcher({ ...options, endpoint: parseEndpoint(endpoint) }, c.sink);
      await watcher.start();
      const started = performance.now();
      await watcher.stop();
      stopTimes.push(performance.now() - started);
    }
    return { before, after: handles(), stopTimes };
  },

  /**
   * A mailslot watcher left idle for `idleMs`, then `count` messages written and the watcher stopped at
   * once, without waiting for them: what arrived, the idle wake-ups, and the events.
   */
  async stopAfterTraffic({ endpoint, idleMs, count, options }: { endpoint: string; idleMs: number; count: number; options?: { readTimeout?: number } }) {
    const c = collect();
    const watcher = watchMailslot({ ...options, endpoint: parseEndpoint(endpoint) }, c.sink);
    await watcher.start();
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    const wakeupsWhileIdle = watcher.idleWakeups();
    const sender = await openMailslotSender(parseEndpoint(endpoint));
    for (let i = 0; i < count; i++) await sender.send(new TextEncoder().encode(`message ${i}`));
    await sender.close();
    await watcher.stop();
    return { wakeupsWhileIdle, wakeupsAfterStop: watcher.idleWakeups(), texts: c.messages.map((m) => new TextDecoder().decode(m.bytes)), events: c.events };
  },

  /** Watch, print READY, collect `count` messages (sent by a peer started by the test), stop. */
  async watch({ endpoint, count, options }: { endpoint: string; count: number; options?: ScenarioOptions }) {
    const before = handles();
    const c = collect();
    const watcher = await createWatcher({ ...options, endpoint: parseEndpoint(endpoint) }, c.sink);
    await watcher.start();
    console.log(JSON.stringify({ ready: true }));
    await c.waitFor(count);
    if (options?.direction === 'duplex') await watcher.send!(new TextEncoder().encode('reply from slotpipe'));
    await watcher.stop();
    return { messages: c.messages.map(summary), events: c.events, before, after: handles() };
  },

  /** Two watchers on one name: the second must fail with a clear error. */
  async collision({ endpoint }: { endpoint: string }) {
    const first = await createWatcher({ endpoint: parseEndpoint(endpoint) }, collect().sink);
    await first.start();
    let error = '';
    try {
      await (await createWatcher({ endpoint: parseEndpoint(endpoint) }, collect().sink)).start();
    } catch (err) {
      error = errorMessage(err);
    }
    await first.stop();
    return { error };
  },

  /** A pipe client of ours against a server (ours or a peer's): send, collect replies. */
  async client({ endpoint, messages, replies }: { endpoint: string; messages: string[]; replies: number }) {
    const c = collect();
    const client = await connectPipe(parseEndpoint(endpoint), {}, c.sink);
    // All at once: the writes of one turn cross to the I/O thread together, their bytes packed in one buffer.
    await Promise.all(messages.map((text) => client.send(new TextEncoder().encode(text))));
    await c.waitFor(messages.length + replies);
    await client.close();
    return { messageMode: client.messageMode, messages: c.messages.map(summary), events: c.events };
  },

  /** Our mailslot sender: `count` messages of `text` (numbered when `number` is set). */
  async send({ endpoint, text, count }: { endpoint: string; text: string; count: number }) {
    const sender = await openMailslotSender(parseEndpoint(endpoint));
    for (let i = 0; i < count; i++) await sender.send(new TextEncoder().encode(text.replace('#', String(i))));
    await sender.close();
    return { sent: count };
  },

  /** The DACL a pipe served by Slotpipe really has, read back through a client handle. */
  async dacl({ endpoint, options }: { endpoint: string; options?: ScenarioOptions }) {
    const watcher = await createWatcher({ ...options, endpoint: parseEndpoint(endpoint) }, collect().sink);
    await watcher.start();
    const READ_CONTROL = 0x20000;
    const handle = k32.CreateFileW(endpoint, READ_CONTROL, 0, null, 3, 0, 0);
    try {
      return { user: currentUserSid(), dacl: handle === -1 ? `open failed: ${k32.GetLastError()}` : daclOf(handle) };
    } finally {
      if (handle !== -1) k32.CloseHandle(handle);
      await watcher.stop();
    }
  },

  /** Start/stop cycles after a warm-up, with handles and heap before and after (reliability soak). */
  async startStopCycles({ endpoint, cycles, warmup, options }: { endpoint: string; cycles: number; warmup: number; options?: ScenarioOptions }) {
    const cycle = async () => {
      const watcher = await createWatcher({ ...options, endpoint: parseEndpoint(endpoint) }, collect().sink);
      await watcher.start();
      await watcher.stop();
    };
    for (let i = 0; i < warmup; i++) await cycle();
    const before = await settled();
    for (let i = 0; i < cycles; i++) await cycle();
    return { before, after: await settled() };
  },

  /** One pipe watcher; our client connects, sends one message and disconnects, again and again. */
  async clientCycles({ endpoint, cycles, warmup }: { endpoint: string; cycles: number; warmup: number }) {
    const server = collect();
    const watcher = await createWatcher({ endpoint: parseEndpoint(endpoint) }, server.sink);
    await watcher.start();
    const count = (type: string) => server.events.filter((e) => e.type === type).length;
    const cycle = async (i: number) => {
      const client = await connectPipe(parseEndpoint(endpoint), {}, collect().sink);
      await client.send(new TextEncoder().encode(`cycle ${i}`));
      await client.close();
      const deadline = Date.now() + 10_000;
      while (count('disconnected') <= i && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
    };
    for (let i = 0; i < warmup; i++) await cycle(i);
    const before = await settled();
    for (let i = warmup; i < warmup + cycles; i++) await cycle(i);
    const after = await settled();
    await watcher.stop();
    return { before, after, connected: count('connected'), disconnected: count('disconnected'), messages: server.messages.length };
  },

  async list() {
    try {
      return { pipes: await listPipes() };
    } catch (err) {
      return { error: errorMessage(err) };
    }
  },
};

async function main() {
  const [name, json] = process.argv.slice(2);
  const scenario = scenarios[name];
  if (!scenario) throw new Error(`unknown scenario ${name}; known: ${Object.keys(scenarios).join(', ')}`);
  console.log(JSON.stringify({ result: await scenario(json ? JSON.parse(json) : {}) }));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.log(JSON.stringify({ error: String(err?.stack ?? err) }));
    process.exit(1);
  },
);
