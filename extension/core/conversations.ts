/**
 * Conversations: the TrafficLog's pipe traffic grouped by connection, with each request paired to its
 * reply. A view over the log, not a second store: it reads each message once as the log appends it
 * (watcher, connection, direction, time, size) and keeps per connection only counters, the pairing
 * state and the pairs whose reply the ring still holds; it follows the ring's drops and clears.
 *
 * Pairing: a connection's messages come in runs of one direction. A run that does not answer
 * anything is a request; the first message in the other direction after it is its reply, and the
 * messages after that in the reply's direction belong to the reply. So a request that came in several
 * pieces (byte-mode reads) or as several messages before the answer counts once, with all its
 * messages and bytes; its round-trip time runs from its first message to the reply's first.
 */
import type { Direction, Peer, TrafficMessage } from './message';
import { RttHistogram } from './rtt-histogram';
import type { TrafficLog } from './traffic-log';

export interface PairRequest {
  seq: number;
  time: number;
  direction: Direction;
  /** Messages (or byte-mode pieces) the request came in, and their bytes. */
  messages: number;
  bytes: number;
}

export interface ConversationPair {
  /** The conversation's number (what `conn:N` filters on). */
  conversation: number;
  request: PairRequest;
  /** The reply's first message. */
  reply: { seq: number; time: number; bytes: number };
  /** Milliseconds from the request's first message to the reply's. */
  rtt: number;
}

export interface ConversationSummary {
  /** Numbered from 1 in the order connections were seen; never reused. */
  id: number;
  watcherId: string;
  endpoint: string;
  /** The backend's own id for the connection (`#N` beside the peer in the table). */
  connection: number;
  pid?: number;
  image?: string;
  /** When the connection was reported; undefined when it was first seen in a message. */
  connected?: number;
  disconnected?: number;
  reason?: string;
  firstTime?: number;
  lastTime?: number;
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Request/reply pairs since the connection began, and their round-trip percentiles in ms. */
  pairs: number;
  p50?: number;
  p99?: number;
  /** Pairs whose reply the log still holds (what `pairs()` can list). */
  heldPairs: number;
  /** The request still waiting for its reply, if any. */
  waiting?: PairRequest;
}

export type PairListener = (pair: ConversationPair) => void;

/** Where a watcher's connects and disconnects go (the Conversations). */
export interface ConnectionEvents {
  connected(watcherId: string, endpoint: string, peer: Peer, time: number): void;
  disconnected(watcherId: string, peer: Peer, time: number, reason?: string): void;
}

interface Conversation {
  summary: ConversationSummary;
  key: string;
  histogram: RttHistogram;
  /** Seq of its first and last message (Infinity / 0 while it has none). */
  firstSeq: number;
  lastSeq: number;
  /** The direction of the reply in progress: further messages that way are part of it. */
  replying?: Direction;
  /** Held pairs, oldest first, from `head` on. */
  pairs: ConversationPair[];
  head: number;
}

/** Closed conversations are looked for once the count passes this (and then twice what was kept). */
const SWEEP_FROM = 1024;

export class Conversations implements ConnectionEvents {
  private readonly byId = new Map<number, Conversation>();
  /** Conversations of one watcher's connection id, oldest first (a restarted watcher reuses ids). */
  private readonly byKey = new Map<string, Conversation[]>();
  /** Every held pair in the order they formed (reply seq order), to follow the ring's drops. */
  private held: ConversationPair[] = [];
  private heldHead = 0;
  private nextId = 1;
  private sweepAt = SWEEP_FROM;
  private readonly listeners = new Set<PairListener>();
  /** Closed conversations forgotten because none of their messages is held any more. */
  forgotten = 0;
  /** Changes whenever anything a list shows changed (views pull again when it moved). */
  version = 0;

  /** Reads every batch the log appends from now on; `dispose` stops. */
  constructor(private readonly log: TrafficLog) {
    this.unsubscribe = log.onAppend((batch) => this.appended(batch));
  }

  private readonly unsubscribe: () => void;

  dispose(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  /** Each pair as it forms. */
  onPair(listener: PairListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A backend reported a new connection: it starts a conversation (also when its id was used before). */
  connected(watcherId: string, endpoint: string, peer: Peer, time: number): void {
    if (peer.connection === undefined) return;
    const conversation = this.open(watcherId, endpoint, peer);
    conversation.summary.connected = time;
  }

  /** A backend reported a connection gone: its conversation closes (a request still waiting stays unanswered). */
  disconnected(watcherId: string, peer: Peer, time: number, reason?: string): ConversationSummary | undefined {
    if (peer.connection === undefined) return undefined;
    const conversation = this.current(keyOf(watcherId, peer.connection));
    if (!conversation || conversation.summary.disconnected !== undefined) return undefined;
    conversation.summary.disconnected = time;
    if (reason) conversation.summary.reason = reason;
    this.version++;
    return this.summaryOf(conversation);
  }

  /** The newest `count` conversations still known, oldest first. */
  list(count = Infinity): ConversationSummary[] {
    this.prune();
    this.sweep();
    const all = [...this.byId.values()];
    return all.slice(Math.max(0, all.length - count)).map((c) => this.summaryOf(c));
  }

  /** Conversations still known. */
  get size(): number {
    return this.byId.size;
  }

  get(id: number): ConversationSummary | undefined {
    this.prune();
    const conversation = this.byId.get(id);
    return conversation && this.summaryOf(conversation);
  }

  /** The newest `count` pairs of a conversation still held (request and reply in the log), oldest first. */
  pairs(id: number, count: number): ConversationPair[] {
    this.prune();
    const conversation = this.byId.get(id);
    if (!conversation) return [];
    const { firstSeq } = this.log.stats();
    const from = Math.max(conversation.head, conversation.pairs.length - Math.max(0, count));
    return conversation.pairs.slice(from).filter((pair) => pair.request.seq >= firstSeq);
  }

  /** The conversation a logged message belongs to, or undefined (no connection, or forgotten). */
  numberOf(message: { watcherId?: string; seq?: number; peer?: Peer }): number | undefined {
    if (message.peer?.connection === undefined || message.watcherId === undefined || message.seq === undefined) return undefined;
    const list = this.byKey.get(keyOf(message.watcherId, message.peer.connection));
    if (!list) return undefined;
    for (let i = list.length - 1; i >= 0; i--) if (list[i].firstSeq <= message.seq) return list[i].summary.id;
    return undefined;
  }

  private appended(batch: readonly TrafficMessage[]): void {
    for (const message of batch) {
      const connection = message.peer?.connection;
      if (connection === undefined) continue;
      const key = keyOf(message.watcherId, connection);
      const conversation = this.current(key) ?? this.open(message.watcherId, message.endpoint, message.peer!);
      this.add(conversation, message);
    }
    this.prune();
    if (this.byId.size >= this.sweepAt) this.sweep();
  }

  private add(conversation: Conversation, message: TrafficMessage): void {
    const s = conversation.summary;
    const size = message.bytes.length;
    if (message.direction === 'in') {
      s.messagesIn++;
      s.bytesIn += size;
    } else {
      s.messagesOut++;
      s.bytesOut += size;
    }
    if (conversation.firstSeq === Infinity) {
      conversation.firstSeq = message.seq;
      s.firstTime = message.time;
    }
    conversation.lastSeq = message.seq;
    s.lastTime = message.time;
    if (message.peer?.pid !== undefined && s.pid === undefined) s.pid = message.peer.pid;
    if (message.peer?.image !== undefined && s.image === undefined) s.image = message.peer.image;
    this.version++;

    const waiting = s.waiting;
    if (waiting && waiting.direction === message.direction) {
      waiting.messages++;
      waiting.bytes += size;
    } else if (waiting) {
      const pair: ConversationPair = {
        conversation: s.id,
        request: waiting,
        reply: { seq: message.seq, time: message.time, bytes: size },
        rtt: Math.max(0, message.time - waiting.time),
      };
      s.waiting = undefined;
      conversation.replying = message.direction;
      conversation.pairs.push(pair);
      this.held.push(pair);
      conversation.histogram.add(pair.rtt);
      for (const listener of this.listeners) listener(pair);
    } else if (conversation.replying !== message.direction) {
      s.waiting = { seq: message.seq, time: message.time, direction: message.direction, messages: 1, bytes: size };
      conversation.replying = undefined;
    }
  }

  private open(watcherId: string, endpoint: string, peer: Peer): Conversation {
    const key = keyOf(watcherId, peer.connection!);
    const summary: ConversationSummary = {
      id: this.nextId++, watcherId, endpoint, connection: peer.connection!,
      messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, pairs: 0, heldPairs: 0,
    };
    if (peer.pid !== undefined) summary.pid = peer.pid;
    if (peer.image !== undefined) summary.image = peer.image;
    const conversation: Conversation = { summary, key, histogram: new RttHistogram(), firstSeq: Infinity, lastSeq: 0, pairs: [], head: 0 };
    const previous = this.current(key);
    // A new connection with an id still open: the backend restarted; the old one is over.
    if (previous && previous.summary.disconnected === undefined) previous.summary.disconnected = previous.summary.lastTime ?? previous.summary.connected;
    this.byId.set(summary.id, conversation);
    const list = this.byKey.get(key);
    if (list) list.push(conversation);
    else this.byKey.set(key, [conversation]);
    this.version++;
    return conversation;
  }

  private current(key: string): Conversation | undefined {
    const list = this.byKey.get(key);
    return list?.[list.length - 1];
  }

  /** Lets go of the pairs whose reply the ring dropped (oldest first: pairs formed in reply order). */
  private prune(): void {
    const { firstSeq } = this.log.stats();
    let changed = false;
    while (this.heldHead < this.held.length && this.held[this.heldHead].reply.seq < firstSeq) {
      const pair = this.held[this.heldHead++];
      const conversation = this.byId.get(pair.conversation);
      if (conversation) conversation.head = compactHead(conversation.pairs, conversation.head + 1, (kept) => (conversation.pairs = kept));
      changed = true;
    }
    this.heldHead = compactHead(this.held, this.heldHead, (kept) => (this.held = kept));
    if (changed) this.version++;
  }

  /** Forgets closed conversations none of whose messages is held; bounded by the ring plus the open connections. */
  private sweep(): void {
    const { firstSeq } = this.log.stats();
    for (const conversation of this.byId.values()) {
      if (conversation.summary.disconnected === undefined || conversation.lastSeq >= firstSeq) continue;
      this.byId.delete(conversation.summary.id);
      const list = this.byKey.get(conversation.key)!;
      list.splice(list.indexOf(conversation), 1);
      if (!list.length) this.byKey.delete(conversation.key);
      this.forgotten++;
    }
    this.sweepAt = Math.max(SWEEP_FROM, this.byId.size * 2);
    this.version++;
  }

  private summaryOf(conversation: Conversation): ConversationSummary {
    const summary = { ...conversation.summary, pairs: conversation.histogram.count, heldPairs: conversation.pairs.length - conversation.head };
    const p50 = conversation.histogram.quantile(0.5);
    const p99 = conversation.histogram.quantile(0.99);
    if (p50 !== undefined) summary.p50 = p50;
    if (p99 !== undefined) summary.p99 = p99;
    if (summary.waiting) summary.waiting = { ...summary.waiting };
    return summary;
  }
}

/** Whether a waiting request has been waiting too long (or can no longer be answered: the connection is gone). */
export function overdue(summary: ConversationSummary, now: number, unansweredAfterMs: number): boolean {
  if (!summary.waiting) return false;
  return summary.disconnected !== undefined || now - summary.waiting.time > unansweredAfterMs;
}

function keyOf(watcherId: string, connection: number): string {
  return `${watcherId}\n${connection}`;
}

/** Drops a queue's consumed head once it is most of the array, so memory follows what is held. */
function compactHead<T>(items: T[], head: number, replace: (kept: T[]) => void): number {
  if (head > 1024 && head * 2 > items.length) {
    replace(items.slice(head));
    return 0;
  }
  return head;
}
