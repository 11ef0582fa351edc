/**
 * How `slotpipe watch`, `send` and `connect` print messages: one line of text, or one JSON object per
 * line; and with `--pairs`, each request/reply pair of a connection instead (TrafficPrinter).
 */
import type { WatcherEvent } from '../core/backend';
import { Conversations, type ConversationPair, type ConversationSummary, type PairRequest } from '../core/conversations';
import type { Peer, RawMessage, TrafficMessage } from '../core/message';
import { TrafficLog } from '../core/traffic-log';
import { decode, type DecoderChoice, type StructRegistry } from '../decode/index';
import { flagNames, toRecord } from '../capture/capture-record';
import { recordView } from '../capture/describe-message';
import { displayName } from '../core/quote';
import { datagramNotes } from '../netbios/datagram-notes';
import { describePeer } from '../core/peer-text';

export interface PrintOptions {
  json: boolean;
  decoder: DecoderChoice;
  registry: StructRegistry;
  /** Print request/reply pairs rather than messages. */
  pairs?: boolean;
}

/** One message: a line of text, or with `json` the message record capture files hold (docs/capture-record.schema.json). */
export function formatMessage(message: TrafficMessage, options: PrintOptions): string {
  const view = decode(message.bytes, options.decoder, options.registry);
  if (options.json) return JSON.stringify(toRecord(message, () => recordView(view)));
  const notes = datagramNotes(message);
  const time = clock(message.time);
  const peer = describePeer(message.peer);
  const flags = flagNames(message.flags);
  return `#${message.seq} ${time} ${message.direction === 'in' ? '<-' : '->'} ${displayName(message.endpoint)}${peer ? ` [${peer}]` : ''} ${message.bytes.length} B${flags.length ? ` (${flags.join(', ')})` : ''}${notes.length ? ` [${notes.join('; ')}]` : ''}  ${view.summary}`;
}

/**
 * Logs what one watcher delivers and prints it: each message, or (with `pairs`) each request/reply
 * pair as its reply arrives and each request left unanswered when its connection ends or printing
 * stops. A command wires its sink to it in one line each; `count` ends printing after that many,
 * and `shows` picks the messages printed without pairs.
 */
export class TrafficPrinter {
  private readonly log = new TrafficLog(1024);
  private readonly conversations: Conversations | undefined;
  private printed = 0;
  /** Records name the watcher as the extension would (the endpoint, lower case), so a CLI capture opens as its traffic. */
  private readonly watcherId: string;

  constructor(
    private readonly endpoint: string,
    private readonly options: PrintOptions,
    private readonly limit: { count?: number; reached?: () => void; shows?: (message: TrafficMessage) => boolean } = {},
    private readonly write: (line: string) => void = (line) => console.log(line),
  ) {
    this.watcherId = endpoint.toLowerCase();
    if (!options.pairs) return;
    this.conversations = new Conversations(this.log);
    this.conversations.onPair((pair) => this.print(formatPair(pair, this.conversations!.get(pair.conversation)!, options.json)));
  }

  messages(batch: RawMessage[]): void {
    for (const message of this.log.append(this.watcherId, this.endpoint, batch)) {
      if (!this.conversations && (this.limit.shows?.(message) ?? true)) this.print(formatMessage(message, this.options));
    }
  }

  /** Connects and disconnects; with pairs, a disconnect prints the request left waiting and returns the connection's round-trip summary. */
  event(event: WatcherEvent): string | undefined {
    if (!this.conversations) return undefined;
    if (event.type === 'connected') this.conversations.connected(this.watcherId, this.endpoint, event.peer, Date.now());
    if (event.type !== 'disconnected') return undefined;
    const summary = this.conversations.disconnected(this.watcherId, event.peer, Date.now(), event.reason);
    if (!summary) return undefined;
    if (summary.waiting) this.print(formatUnanswered(summary.waiting, summary, this.options.json));
    return describeRoundTrips(summary);
  }

  /** Printing stops: requests still waiting are printed as unanswered (nothing is left out silently). */
  close(): void {
    if (!this.conversations) return;
    for (const summary of this.conversations.list()) {
      if (summary.waiting && summary.disconnected === undefined) this.print(formatUnanswered(summary.waiting, summary, this.options.json));
    }
    this.conversations.dispose();
  }

  private print(line: string): void {
    const { count, reached } = this.limit;
    if (count !== undefined && this.printed >= count) return;
    this.write(line);
    if (++this.printed === count) reached?.();
  }
}

/** One pair: `conversation 1 [#1 pid 42]  #3 in 5 B 12:00:00.123 → #4 out 3 B 12:00:00.125  rtt 2.000 ms`, or its JSON. */
export function formatPair(pair: ConversationPair, conversation: ConversationSummary, json: boolean): string {
  const replyDirection = pair.request.direction === 'in' ? 'out' : 'in';
  if (json) {
    return JSON.stringify({
      conversation: pair.conversation,
      endpoint: conversation.endpoint,
      peer: peerOf(conversation),
      request: requestJson(pair.request),
      reply: { seq: pair.reply.seq, time: isoTime(pair.reply.time), direction: replyDirection, size: pair.reply.bytes },
      rttMs: roundMs(pair.rtt),
    });
  }
  return `${conversationLabel(conversation)}  ${requestText(pair.request)} → #${pair.reply.seq} ${replyDirection} ${pair.reply.bytes} B ${clock(pair.reply.time)}  rtt ${pair.rtt.toFixed(3)} ms`;
}

/** A request that got no reply: `reply` is null in JSON. */
export function formatUnanswered(request: PairRequest, conversation: ConversationSummary, json: boolean): string {
  const why = conversation.disconnected !== undefined ? 'the connection ended' : 'stopped watching';
  if (json) {
    return JSON.stringify({
      conversation: conversation.id,
      endpoint: conversation.endpoint,
      peer: peerOf(conversation),
      request: requestJson(request),
      reply: null,
      rttMs: null,
      unanswered: why,
    });
  }
  return `${conversationLabel(conversation)}  ${requestText(request)} → no reply (${why})`;
}

/** `conversation 1: 25 pairs, rtt p50 1.200 ms, p99 3.400 ms`. */
export function describeRoundTrips(summary: ConversationSummary): string {
  const rtt = summary.p50 === undefined ? '' : `, rtt p50 ${summary.p50.toFixed(3)} ms, p99 ${summary.p99!.toFixed(3)} ms`;
  return `conversation ${summary.id}: ${summary.pairs} pair${summary.pairs === 1 ? '' : 's'}${rtt}`;
}

function conversationLabel(conversation: ConversationSummary): string {
  return `conversation ${conversation.id} [${describePeer(peerOf(conversation))}]`;
}

function requestText(request: PairRequest): string {
  const parts = request.messages > 1 ? ` in ${request.messages} messages` : '';
  return `#${request.seq} ${request.direction} ${request.bytes} B${parts} ${clock(request.time)}`;
}

function requestJson(request: PairRequest) {
  return { seq: request.seq, time: isoTime(request.time), direction: request.direction, size: request.bytes, messages: request.messages };
}

function peerOf(conversation: ConversationSummary): Peer {
  const peer: Peer = { connection: conversation.connection };
  if (conversation.pid !== undefined) peer.pid = conversation.pid;
  if (conversation.image !== undefined) peer.image = conversation.image;
  return peer;
}

function isoTime(time: number): string {
  return new Date(time).toISOString();
}

function clock(time: number): string {
  return isoTime(time).slice(11, 23);
}

function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

