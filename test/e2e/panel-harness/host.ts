/**
 * The traffic panel's host side as it runs in a plain browser page, for scale tests of the webview:
 * the real TrafficLog and PanelResponder behind the real protocol; only VS Code's message bridge
 * (acquireVsCodeApi / window messages) is replaced by direct calls.
 */
import type { Peer, RawMessage } from '../../../extension/core/message';
import {
  FromWebview, PanelChannel, ToWebview, type FromWebviewMessage, type PanelWatcher, type ToWebviewMessage,
} from '../../../extension/core/panel-protocol';
import { Conversations } from '../../../extension/core/conversations';
import type { HeaderSource } from '../../../extension/core/header-set';
import { DEFAULT_UNANSWERED_AFTER_MS } from '../../../extension/core/settings';
import { TrafficLog } from '../../../extension/core/traffic-log';
import { PanelResponder } from '../../../extension/ui/panel/panel-responder';
import { RateHistory } from '../../../extension/ui/panel/rate-history';

const log = new TrafficLog(2_000_000);
const rates = new RateHistory();
const conversations = new Conversations(log);
const responder = new PanelResponder(log, rates, conversations, () => DEFAULT_UNANSWERED_AFTER_MS);
log.onAppend((batch) => {
  rates.addBatch(batch);
  responder.appended(batch);
});
let state: unknown;
const SMS_WATCHER: PanelWatcher = { id: 'sms', endpoint: '\\\\.\\mailslot\\sms', decode: 'auto', state: 'listening' };

const channel = new PanelChannel<FromWebviewMessage, ToWebviewMessage>((message) => {
  setTimeout(() => window.dispatchEvent(new MessageEvent('message', { data: message })), 0);
});
let following = true;
const announce = () => channel.send({ type: ToWebview.Announce, view: responder.announcement(Date.now(), following) });
channel.on(FromWebview.Ready, () => {
  channel.send({ type: ToWebview.Watchers, watchers: [SMS_WATCHER] });
  channel.send({ type: ToWebview.Headers, headers: [] });
  announce();
});
channel.onRequest(FromWebview.GetConversations, ({ count }) => responder.conversationList(count, Date.now()));
channel.onRequest(FromWebview.GetPairs, (request) => responder.pairs(request, Date.now()));
let rowRequests = 0;
channel.onRequest(FromWebview.GetRows, (request) => {
  rowRequests++;
  return responder.rows(request);
});
channel.onRequest(FromWebview.SetFilter, ({ text }) => {
  const answer = responder.setFilter(text);
  if (!answer.error) setTimeout(announce, 0);
  return answer;
});
channel.on(FromWebview.SetWatcherDecoder, () => {});
channel.on(FromWebview.Clear, () => {
  log.clear();
  announce();
});
channel.on(FromWebview.FollowChanged, (message) => (following = message.follow));
channel.on(FromWebview.Copy, () => {});
channel.on(FromWebview.Announced, () => {});

const encoder = new TextEncoder();
const PIPE = '\\\\.\\pipe\\ssnp';
const pipePeers = new Map<number, Peer>();
/** One peer object per connection, as a backend hands them over. */
const pipePeer = (connection: number): Peer => {
  if (!pipePeers.has(connection)) pipePeers.set(connection, { connection, pid: 5000 + connection, image: 'C:\\Tools\\client.exe' });
  return pipePeers.get(connection)!;
};
/** Watchers added by appendFrom, besides `sms`. */
const extraWatchers: PanelWatcher[] = [];

/** What the page's scripts and the test reach. */
const harness = {
  /** Appends `count` messages whose text is `seq=NNNNNNN` (their future seq), in batches as a watcher would. */
  append(count: number): void {
    const start = log.stats().lastSeq + 1;
    for (let done = 0; done < count; done += 10_000) {
      const batch: RawMessage[] = [];
      for (let i = done; i < Math.min(count, done + 10_000); i++) {
        const seq = start + i;
        batch.push({ time: Date.now(), direction: seq % 3 ? 'in' : 'out', bytes: encoder.encode(`seq=${String(seq).padStart(7, '0')}`), peer: { address: '127.0.0.1:138', name: 'HOST<00>' } });
      }
      log.append('sms', '\\\\.\\mailslot\\sms', batch);
    }
    announce();
  },
  /** Appends one message with these bytes. */
  appendBytes(bytes: number[]): void {
    log.append('sms', '\\\\.\\mailslot\\sms', [{ time: Date.now(), direction: 'in', bytes: new Uint8Array(bytes) }]);
    announce();
  },
  /** Appends one message as another watcher (its endpoint, decoder and target as given), from `peer`. */
  appendFrom(watcher: { id: string; endpoint: string; decode: string; arch?: PanelWatcher['arch'] }, bytes: number[], peer?: Peer): void {
    if (!extraWatchers.some((w) => w.id === watcher.id)) {
      extraWatchers.push({ ...watcher, state: 'listening' });
      channel.send({ type: ToWebview.Watchers, watchers: [SMS_WATCHER, ...extraWatchers] });
    }
    log.append(watcher.id, watcher.endpoint, [{ time: Date.now(), direction: 'in', bytes: new Uint8Array(bytes), ...(peer ? { peer } : {}) }]);
    announce();
  },
  /** Pipe traffic: one message on connection `connection` of the `pipe` watcher, at `time` (default now). */
  exchange(connection: number, direction: 'in' | 'out', text: string, time = Date.now()): void {
    log.append('pipe', PIPE, [{ time, direction, bytes: encoder.encode(text), peer: pipePeer(connection) }]);
    announce();
  },
  /** A client of the `pipe` watcher connects or disconnects, as the watcher manager reports it. */
  connection(connection: number, connected: boolean, time = Date.now()): void {
    if (connected) conversations.connected('pipe', PIPE, pipePeer(connection), time);
    else conversations.disconnected('pipe', pipePeer(connection), time);
    announce();
  },
  /** Hands the webview C header sources (and the files they include), as the slotpipe.headers setting does. */
  setHeaders(headers: HeaderSource[], included: { path: string; source: string }[] = [], includePath: string[] = []): void {
    channel.send({ type: ToWebview.Headers, headers, included, includePath });
  },
  /** Changes the log's capacity as the slotpipe.logCapacity setting does; what no longer fits is dropped. */
  resize(capacity: number): void {
    log.resize(capacity);
    announce();
  },
  /** The Pause/Resume Traffic command. */
  togglePause(): void {
    channel.send({ type: ToWebview.TogglePause });
  },
  /** Whether the webview said it shows the newest rows as they come (follows them, not paused). */
  get following(): boolean {
    return following;
  },
  /** Row requests the webview has made so far. */
  get rowRequests(): number {
    return rowRequests;
  },
  get state(): unknown {
    return state;
  },
};

Object.assign(window, {
  slotpipeHarness: harness,
  acquireVsCodeApi: () => ({
    postMessage: (message: FromWebviewMessage) => setTimeout(() => channel.receive(message), 0),
    getState: () => state,
    setState: (value: unknown) => (state = value),
  }),
});
