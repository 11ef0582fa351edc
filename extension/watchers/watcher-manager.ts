/**
 * Starts and stops watchers from the settings, through backends.ts, into the TrafficLog.
 * Knows nothing of VS Code: the extension hands it the checked settings and the trust state, and
 * listens for changes. Every operation is async and never blocks the extension host. Its log lines
 * and errors are English; the one sentence a view shows on its own (why a watcher is held back) is
 * in the display language (@vscode/l10n, given the extension's bundle at activation).
 */
import * as l10n from '@vscode/l10n';
import { parseEndpoint, watcherId } from '../core/endpoint';
import type { WatchOptions, Watcher, WatcherEvent, WatcherSink } from '../core/backend';
import { errorMessage } from '../core/error-message';
import { describeEvent } from '../core/event-text';
import type { RawMessage } from '../core/message';
import type { TrafficLog } from '../core/traffic-log';
import type { ConnectionEvents } from '../core/conversations';
import type { WatcherSetting } from '../core/settings';
import { createWatcher, type BackendChoice } from '../backends';
import { RateMeter } from './rate-meter';
import type { WatcherOrigin, WatcherState, WatcherStatus } from './watcher-status';

export interface ConfiguredWatcher {
  setting: WatcherSetting;
  origin: WatcherOrigin;
}

export interface ManagerLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type CreateWatcher = (options: WatchOptions, sink: WatcherSink, choice: BackendChoice) => Promise<Watcher>;


export interface ManagerOptions {
  /** Opens the backend of a watcher (tests hand in their own). */
  create?: CreateWatcher;
  /** Told of every client connect and disconnect (the conversations). */
  connections?: ConnectionEvents;
}

interface Entry {
  id: string;
  setting: WatcherSetting;
  origin: WatcherOrigin;
  state: WatcherState;
  error?: string;
  /** Notices of the current run, by key (a later one with the same key replaces the earlier). */
  notices: Map<string, string>;
  watcher?: Watcher;
  /** The start or stop in flight; operations on one watcher run one after another. */
  busy: Promise<void>;
}

export class WatcherManager {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<() => void>();
  private readonly rates: RateMeter;
  private trusted = true;
  private disposed = false;
  private readonly create: CreateWatcher;
  private readonly connections: ConnectionEvents | undefined;

  constructor(
    private readonly log: TrafficLog,
    private readonly logger: ManagerLogger,
    options: ManagerOptions = {},
  ) {
    this.create = options.create ?? createWatcher;
    this.connections = options.connections;
    this.rates = new RateMeter(() => this.countsById(), () => this.emit());
  }

  /**
   * Brings the running set in line with the settings: removed watchers stop, changed ones restart,
   * new ones with `autoStart` start (unless the workspace is untrusted and they come from it).
   */
  async apply(configured: readonly ConfiguredWatcher[], trusted: boolean): Promise<void> {
    const trustGained = !this.trusted && trusted;
    this.trusted = trusted;
    const wanted = new Map(configured.map((c) => [watcherId(c.setting.endpoint), c]));
    const work: Promise<void>[] = [];
    for (const entry of this.entries.values()) {
      if (!wanted.has(entry.id)) {
        work.push(this.stop(entry.id).then(() => { this.entries.delete(entry.id); this.emit(); }));
      }
    }
    for (const [id, { setting, origin }] of wanted) {
      const entry = this.entries.get(id);
      if (!entry) {
        this.entries.set(id, { id, setting, origin, state: 'stopped', notices: new Map(), busy: Promise.resolve() });
        if (setting.autoStart && this.mayStart(origin)) work.push(this.start(id).catch(() => undefined));
        continue;
      }
      const restart = transportChanged(entry.setting, setting) || entry.origin !== origin;
      entry.setting = setting;
      entry.origin = origin;
      const running = entry.state === 'listening' || entry.state === 'starting';
      if (running && !this.mayStart(origin)) work.push(this.stop(id));
      else if (running && restart) work.push(this.stop(id).then(() => this.start(id)).catch(() => undefined));
      else if (!running && setting.autoStart && this.mayStart(origin) && (restart || (trustGained && entry.state === 'stopped'))) {
        work.push(this.start(id).catch(() => undefined));
      }
    }
    this.emit();
    await Promise.all(work);
  }

  list(): WatcherStatus[] {
    return [...this.entries.values()].map((entry) => this.status(entry));
  }

  get(id: string): WatcherStatus | undefined {
    const entry = this.entries.get(id);
    return entry && this.status(entry);
  }

  setting(id: string): (WatcherSetting & { origin: WatcherOrigin }) | undefined {
    const entry = this.entries.get(id);
    return entry && { ...entry.setting, origin: entry.origin };
  }

  /** Starts a watcher; rejects with a clear message (and shows it on the watcher) when it cannot. */
  start(id: string): Promise<void> {
    const entry = this.require(id);
    return this.serialize(entry, async () => {
      if (entry.state === 'listening') return;
      if (!this.mayStart(entry.origin)) throw new Error(`${entry.setting.endpoint}: ${untrustedReason()}`);
      entry.notices.clear();
      this.setState(entry, 'starting');
      try {
        // A watcher with NetBIOS options watches the wire, also on Windows.
        const watcher = await this.create(this.optionsFor(entry.setting), this.sinkFor(entry), { netbios: entry.setting.netbios !== undefined });
        entry.watcher = watcher;
        await watcher.start();
        this.setState(entry, 'listening');
        this.logger.info(`watching ${entry.setting.endpoint}`);
      } catch (err) {
        const message = errorMessage(err);
        const watcher = entry.watcher;
        entry.watcher = undefined;
        await watcher?.stop().catch(() => undefined);
        this.setState(entry, 'error', message);
        this.logger.error(`cannot watch ${entry.setting.endpoint}: ${message}`);
        throw new Error(`cannot watch ${entry.setting.endpoint}: ${message}`);
      }
    });
  }

  stop(id: string): Promise<void> {
    const entry = this.require(id);
    return this.serialize(entry, async () => {
      const watcher = entry.watcher;
      entry.watcher = undefined;
      if (!watcher) {
        if (entry.state !== 'error') this.setState(entry, 'stopped');
        return;
      }
      try {
        await watcher.stop();
      } finally {
        this.setState(entry, 'stopped');
        this.logger.info(`stopped watching ${entry.setting.endpoint}`);
      }
    });
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.stop(id).catch((err) => this.logger.error(errorMessage(err)))));
  }

  /** Pipe watchers: writes to connected clients (all, or one connection). */
  async send(id: string, bytes: Uint8Array, connection?: number): Promise<void> {
    const entry = this.require(id);
    if (!entry.watcher || entry.state !== 'listening') throw new Error(`${entry.setting.endpoint} is not being watched`);
    if (!entry.watcher.send) throw new Error(`${entry.setting.endpoint}: this watcher cannot send (only pipe servers answer their clients)`);
    await entry.watcher.send(bytes, connection);
  }

  /** Messages per second over every watcher. */
  totalRate(): number {
    return this.rates.total();
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.rates.dispose();
    await this.stopAll();
    this.listeners.clear();
  }

  private mayStart(origin: WatcherOrigin): boolean {
    return this.trusted || origin === 'user';
  }

  private status(entry: Entry): WatcherStatus {
    const status: WatcherStatus = {
      id: entry.id,
      endpoint: entry.setting.endpoint,
      decode: entry.setting.decode,
      state: entry.state,
      counters: this.log.watcherCounters(entry.id),
      rate: this.rates.rate(entry.id),
      origin: entry.origin,
    };
    if (entry.error) status.error = entry.error;
    if (entry.notices.size) status.notices = [...entry.notices.values()];
    if (!this.mayStart(entry.origin)) status.blocked = untrustedReason();
    return status;
  }

  private optionsFor(setting: WatcherSetting): WatchOptions {
    const { endpoint, decode: _decode, header: _header, autoStart: _autoStart, proxyTo, netbios, ...options } = setting;
    return {
      ...options,
      endpoint: parseEndpoint(endpoint),
      ...(proxyTo !== undefined && { proxyTo: parseEndpoint(proxyTo, 'pipe') }),
      ...(netbios && { netbios: { ...netbios } }),
    };
  }

  private sinkFor(entry: Entry): WatcherSink {
    const endpoint = parseEndpoint(entry.setting.endpoint).path;
    return {
      messages: (batch: RawMessage[]) => {
        if (!this.disposed) this.log.append(entry.id, endpoint, batch);
      },
      event: (event: WatcherEvent) => this.onEvent(entry, event),
    };
  }

  private onEvent(entry: Entry, event: WatcherEvent): void {
    const name = entry.setting.endpoint;
    const text = describeEvent(name, event);
    switch (event.type) {
      case 'listening':
        this.logger.info(text);
        break;
      case 'connected':
        this.logger.info(text);
        this.connections?.connected(entry.id, parseEndpoint(name).path, event.peer, Date.now());
        break;
      case 'disconnected':
        this.logger.info(text);
        this.connections?.disconnected(entry.id, event.peer, Date.now(), event.reason);
        break;
      case 'notice':
        this.logger.warn(`${name}: ${event.message}`);
        entry.notices.set(event.key ?? event.message, event.message);
        this.emit();
        break;
      case 'error':
        if (event.fatal) {
          entry.watcher = undefined;
          this.setState(entry, 'error', event.message);
          this.logger.error(text);
        } else {
          this.logger.warn(text);
        }
        break;
      case 'stopped':
        if (entry.state === 'listening') {
          entry.watcher = undefined;
          this.setState(entry, 'stopped');
        }
        break;
    }
  }

  private setState(entry: Entry, state: WatcherState, error?: string): void {
    entry.state = state;
    if (state === 'error') entry.error = error;
    else if (state === 'listening') entry.error = undefined;
    this.rates.track(entry.id, state === 'listening');
    this.emit();
  }

  private serialize(entry: Entry, run: () => Promise<void>): Promise<void> {
    const next = entry.busy.then(run, run);
    entry.busy = next.catch(() => undefined);
    return next;
  }

  private require(id: string): Entry {
    const entry = this.entries.get(id) ?? this.entries.get(safeId(id));
    if (!entry) throw new Error(`no watcher for ${id}; add it to slotpipe.watchers first`);
    return entry;
  }

  private countsById(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const id of this.entries.keys()) counts.set(id, this.log.watcherCounters(id).messages);
    return counts;
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** Settings that need a new endpoint handle when they change (the decoder does not). */
function transportChanged(a: WatcherSetting, b: WatcherSetting): boolean {
  const { decode: _a, autoStart: _b, header: _c, ...left } = a;
  const { decode: _d, autoStart: _e, header: _f, ...right } = b;
  return JSON.stringify(left) !== JSON.stringify(right);
}

/** Why a watcher from an untrusted workspace does not start, in the display language (the one sentence a view shows on its own). */
function untrustedReason(): string {
  return l10n.t('this workspace is not trusted: watchers from its settings do not start (trust the workspace, or move the watcher to your user settings)');
}

function safeId(id: string): string {
  try {
    return watcherId(id);
  } catch {
    return id;
  }
}
