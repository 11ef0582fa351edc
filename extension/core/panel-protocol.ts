/**
 * The one protocol between the traffic panel's host side (extension/ui/panel) and its webview
 * (webview/). Both sides import this file; nothing else crosses the boundary.
 *
 * The host announces how many rows there are (one announcement at a time, each acknowledged by the
 * webview; at most ~30 a second under heavy traffic; never while the panel is hidden); the webview pulls
 * the row ranges it shows. Message bytes travel as one ArrayBuffer per
 * range, never as JSON number arrays.
 */
import type { HeaderSet, HeaderSource } from './header-set';
import type { Arch } from './arch';
import type { ConversationPair, ConversationSummary } from './conversations';
import type { Direction, Peer } from './message';
import type { LogStats } from './traffic-log';
import { errorMessage } from './error-message';

/** The element of the panel's page that holds the extension's l10n bundle as JSON (the webview's strings). */
export const L10N_BUNDLE_ELEMENT_ID = 'slotpipe-l10n';

/** Every message type, split by direction. */
export const ToWebview = {
  /** Fire-and-forget: the rows in view changed (new traffic, a cleared log, a new filter). */
  Announce: 'announce',
  /** Fire-and-forget: watchers (endpoint, state, decoder choice) changed. */
  Watchers: 'watchers',
  /** Fire-and-forget: the C header sources for struct decoding changed. */
  Headers: 'headers',
  /** Fire-and-forget: the Pause/Resume Traffic command; the webview owns the pause and flips it. */
  TogglePause: 'togglePause',
  /** Reply to a request from the webview. */
  Response: 'response',
} as const;

export const FromWebview = {
  /** Fire-and-forget: the webview is loaded and wants everything it needs to draw. */
  Ready: 'ready',
  /** Fire-and-forget: the webview took in an announcement; the host sends the next only then, so they never queue up. */
  Announced: 'announced',
  /** Request: rows by view index. */
  GetRows: 'getRows',
  /** Request: apply a filter to the view; answers with the parse error, if any. */
  SetFilter: 'setFilter',
  /** Request: the conversations (pipe traffic by connection), pulled when `ViewAnnouncement.conversations` moved. */
  GetConversations: 'getConversations',
  /** Request: one conversation with its newest request/reply pairs. */
  GetPairs: 'getPairs',
  /** Fire-and-forget: persist a watcher's decoder choice. */
  SetWatcherDecoder: 'setWatcherDecoder',
  /** Fire-and-forget: forget every message held (the log's seq keeps counting). */
  Clear: 'clear',
  /**
   * Fire-and-forget: the view started or stopped showing the newest rows as they come (it follows them
   * and is not paused); while it does, announcements carry those rows.
   */
  FollowChanged: 'followChanged',
  /** Fire-and-forget: put text on the clipboard (webviews cannot always reach it themselves). */
  Copy: 'copy',
} as const;

/** A watcher as the panel shows it. */
export interface PanelWatcher {
  id: string;
  endpoint: string;
  decode: string;
  /** The target its messages are laid out for (x64 when not given). */
  arch?: Arch;
  state: 'stopped' | 'starting' | 'listening' | 'error';
  error?: string;
  /** What the watcher could not see (a live intercept's notices). */
  notices?: string[];
}

/** What the host knows about the rows in view. Indexes count matching messages since the log began. */
export interface ViewAnnouncement {
  /** View index of the oldest row still held (rows before it were dropped or cleared). */
  firstIndex: number;
  /** One past the newest row's view index. */
  endIndex: number;
  /** The whole log, regardless of the filter. */
  stats: LogStats;
  /** The filter text in force ('' = every message). */
  filter: string;
  /** Messages per second for each of the last RATE_SECONDS seconds, oldest first. */
  rate: number[];
  /** Incremented whenever the view's indexes were rebuilt (new filter): cached rows are stale. */
  generation: number;
  /** Moves whenever the conversations changed (pull them again if they are shown). */
  conversations: number;
  /**
   * Names the log the rows come from. A window reload starts a new one whose seqs begin at 1 again, so
   * what the view kept by seq (a decoder chosen for one message, the selected row) no longer applies.
   */
  logId: string;
  /**
   * While the webview follows the newest rows (and is not paused): the newest rows up to endIndex that no
   * earlier announcement carried (at most from the start of the newest ROW_BLOCK), so the rows it is about
   * to draw come with the news instead of a request later, and each announcement stays small.
   */
  tail?: RowsResponse;
}

export const RATE_SECONDS = 60;

/** The webview caches rows in blocks of this many view indexes (blocks start at multiples of it). */
export const ROW_BLOCK = 128;

/** One row's metadata; its bytes are `bytes.slice(offset, offset + size)` of the response's buffer. */
export interface PanelRow {
  index: number;
  seq: number;
  time: number;
  watcherId: string;
  endpoint: string;
  direction: Direction;
  peer?: Peer;
  flags: number;
  offset: number;
  size: number;
  /** A datagram's problems at every layer: why it is flagged malformed, or that it is a fragment. */
  notes?: string[];
}

export interface RowsRequest {
  fromIndex: number;
  count: number;
  generation: number;
}

export interface RowsResponse {
  /** The generation the rows belong to; a stale generation means the view changed meanwhile. */
  generation: number;
  rows: PanelRow[];
  /** Every row's bytes, back to back. */
  bytes: ArrayBuffer;
}

/** The most conversations one request may ask for (the newest). */
export const MAX_CONVERSATIONS_PER_REQUEST = 1000;

export interface ConversationsResponse {
  /** The newest asked for, oldest first. */
  conversations: ConversationSummary[];
  /** How many are known in all. */
  total: number;
  /** Closed conversations forgotten because none of their messages is held any more. */
  forgotten: number;
  /** `slotpipe.unansweredAfterMs`, and the host's clock: a request waiting longer than that is flagged. */
  unansweredAfterMs: number;
  now: number;
}

/** The most pairs one request may ask for. */
export const MAX_PAIRS_PER_REQUEST = 1000;

export interface PairsRequest {
  conversation: number;
  /** The newest this many (at most MAX_PAIRS_PER_REQUEST). */
  count: number;
}

export interface PairsResponse {
  /** Undefined when the conversation is not known (any more). */
  summary?: ConversationSummary;
  /** Oldest first: the order they were exchanged. */
  pairs: ConversationPair[];
  unansweredAfterMs: number;
  now: number;
}

export interface FilterResponse {
  /** Why the filter text was refused (the previous filter stays), or undefined. */
  error?: string;
}

/** Request bodies and the bodies they are answered with, by request type. */
export interface PanelRequests {
  [FromWebview.GetRows]: { request: RowsRequest; response: RowsResponse };
  [FromWebview.SetFilter]: { request: { text: string }; response: FilterResponse };
  [FromWebview.GetConversations]: { request: { count: number }; response: ConversationsResponse };
  [FromWebview.GetPairs]: { request: PairsRequest; response: PairsResponse };
}

export type ToWebviewMessage =
  | { type: typeof ToWebview.Announce; view: ViewAnnouncement }
  | { type: typeof ToWebview.Watchers; watchers: PanelWatcher[] }
  /** `included` and `includePath` let the webview follow the headers' #includes without reading files. */
  | { type: typeof ToWebview.Headers; headers: HeaderSource[]; included?: HeaderSet['included']; includePath?: string[]; defines?: string[] }
  | { type: typeof ToWebview.TogglePause }
  | ResponseMessage<typeof ToWebview.Response>;

export type FromWebviewMessage =
  | { type: typeof FromWebview.Ready }
  | { type: typeof FromWebview.Announced }
  | RequestMessage<typeof FromWebview.GetRows>
  | RequestMessage<typeof FromWebview.SetFilter>
  | RequestMessage<typeof FromWebview.GetConversations>
  | RequestMessage<typeof FromWebview.GetPairs>
  | { type: typeof FromWebview.SetWatcherDecoder; watcherId: string; decode: string }
  | { type: typeof FromWebview.Clear }
  | { type: typeof FromWebview.FollowChanged; follow: boolean }
  | { type: typeof FromWebview.Copy; text: string };

export type RequestType = keyof PanelRequests;

export interface RequestMessage<T extends RequestType> {
  type: T;
  id: number;
  body: PanelRequests[T]['request'];
}

export interface ResponseMessage<T extends 'response'> {
  type: T;
  id: number;
  body?: unknown;
  error?: string;
}

type Message = { type: string; id?: number; body?: unknown; error?: string };
type EventOf<M, T> = M extends { type: T } ? M : never;

/**
 * One small message handler used on both sides: fire-and-forget events, and requests answered by id.
 * `In` is what this side receives, `Out` what it sends.
 */
export class PanelChannel<In extends Message, Out extends Message> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(body: unknown): void; reject(error: Error): void }>();
  private readonly handlers = new Map<string, (message: In) => unknown>();

  constructor(private readonly post: (message: Out) => void) {}

  send(message: Out): void {
    this.post(message);
  }

  /** Handles one event type (the last handler set for a type wins). */
  on<T extends In['type']>(type: T, handler: (message: EventOf<In, T>) => void): void {
    this.handlers.set(type, handler as (message: In) => unknown);
  }

  /** Answers one request type; a thrown error (or rejected promise) reaches the requester as an error. */
  onRequest<T extends RequestType & In['type']>(
    type: T,
    handler: (body: PanelRequests[T]['request']) => PanelRequests[T]['response'] | Promise<PanelRequests[T]['response']>,
  ): void {
    this.handlers.set(type, async (message) => {
      const id = message.id!;
      try {
        const body = await handler(message.body as PanelRequests[T]['request']);
        this.post({ type: 'response', id, body } as Message as Out);
      } catch (error) {
        this.post({ type: 'response', id, error: errorMessage(error) } as Message as Out);
      }
    });
  }

  /** Sends a request and resolves with the other side's answer. */
  request<T extends RequestType & Out['type']>(type: T, body: PanelRequests[T]['request']): Promise<PanelRequests[T]['response']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (body: unknown) => void, reject });
      this.post({ type, id, body } as Message as Out);
    });
  }

  /** Feeds one received message in. Unknown types are reported, never silently ignored. */
  receive(message: In): void {
    if (message.type === 'response') {
      const waiter = this.pending.get(message.id!);
      if (!waiter) throw new Error(`panel protocol: response to unknown request ${message.id}`);
      this.pending.delete(message.id!);
      if (message.error !== undefined) waiter.reject(new Error(message.error));
      else waiter.resolve(message.body);
      return;
    }
    const handler = this.handlers.get(message.type);
    if (!handler) throw new Error(`panel protocol: no handler for message type "${message.type}"`);
    handler(message);
  }

  /** Rejects every request still waiting (the other side went away). */
  dispose(reason = 'the panel was closed'): void {
    for (const waiter of this.pending.values()) waiter.reject(new Error(reason));
    this.pending.clear();
  }
}
