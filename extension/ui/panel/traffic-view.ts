/**
 * The panel's view of the traffic log: which messages the current filter lets through, numbered by
 * view index. Without a filter the view index is `seq - 1`, so a million rows cost nothing extra; with
 * one, the matching seqs are kept in order and pruned as the log drops or clears old messages.
 * Pure (no vscode): the host owns one per panel.
 */
import type { TrafficMessage } from '../../core/message';
import { MessageFilter, type ConversationLookup } from '../../core/panel-filter';
import type { TrafficLog } from '../../core/traffic-log';

export interface ViewBounds {
  firstIndex: number;
  endIndex: number;
}

export class TrafficView {
  private filter = new MessageFilter('');
  /** Matching seqs, oldest first, from `head` on (entries before `head` are pruned). */
  private matches: number[] = [];
  private head = 0;
  /** View index of `matches[head]`. */
  private headIndex = 0;
  /** How many messages matched since the filter was set (the next view index). */
  private matched = 0;
  private gen = 0;

  /** @param conversations numbers messages by conversation for `conn:N` */
  constructor(private readonly log: TrafficLog, private readonly conversations?: ConversationLookup) {}

  get generation(): number {
    return this.gen;
  }

  get filterText(): string {
    return this.filter.text;
  }

  /** Applies a new filter to every held message. Throws FilterError (and keeps the old filter) on bad text. */
  setFilter(text: string): void {
    const filter = new MessageFilter(text.trim(), this.conversations);
    this.filter = filter;
    this.matches = [];
    this.head = 0;
    this.headIndex = 0;
    this.matched = 0;
    this.gen++;
    if (filter.matchesEverything) return;
    const { firstSeq, lastSeq } = this.log.stats();
    for (let seq = firstSeq; seq <= lastSeq; seq++) this.consider(this.log.get(seq)!);
  }

  /** Feed every batch the log appends (only needed while a filter is set, but harmless otherwise). */
  appended(batch: readonly TrafficMessage[]): void {
    if (this.filter.matchesEverything) return;
    for (const message of batch) this.consider(message);
  }

  bounds(): ViewBounds {
    const stats = this.log.stats();
    if (this.filter.matchesEverything) return { firstIndex: stats.firstSeq - 1, endIndex: stats.lastSeq };
    this.prune(stats.firstSeq);
    return { firstIndex: this.headIndex, endIndex: this.matched };
  }

  /** The held messages at view indexes [fromIndex, fromIndex + count), each with its index. */
  range(fromIndex: number, count: number): { index: number; message: TrafficMessage }[] {
    const { firstIndex, endIndex } = this.bounds();
    const start = Math.max(fromIndex, firstIndex);
    const end = Math.min(fromIndex + Math.max(0, count), endIndex);
    const out: { index: number; message: TrafficMessage }[] = [];
    for (let index = start; index < end; index++) {
      const seq = this.filter.matchesEverything ? index + 1 : this.matches[this.head + index - this.headIndex];
      const message = this.log.get(seq);
      if (message) out.push({ index, message });
    }
    return out;
  }

  private consider(message: TrafficMessage): void {
    if (!this.filter.matches(message)) return;
    this.matches.push(message.seq);
    this.matched++;
  }

  private prune(firstSeq: number): void {
    while (this.head < this.matches.length && this.matches[this.head] < firstSeq) {
      this.head++;
      this.headIndex++;
    }
    // Compact once the pruned part dominates, so memory stays bounded by the log's capacity.
    if (this.head > 1024 && this.head * 2 > this.matches.length) {
      this.matches = this.matches.slice(this.head);
      this.head = 0;
    }
  }
}
