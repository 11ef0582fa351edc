/**
 * The Conversations pane: pipe traffic by connection (client, connected and disconnected times,
 * messages each way, round-trip p50/p99, a request waiting too long flagged) and, for the
 * conversation picked, its request/reply pairs in the order they were exchanged with their
 * round-trip times. Picking one filters the table to `conn:N`, so the table is its message-by-message view.
 * Everything here is pulled from the host (GetConversations, GetPairs) when an announcement says it moved.
 */
import * as l10n from '@vscode/l10n';
import { overdue, type ConversationPair, type ConversationSummary, type PairRequest } from '../extension/core/conversations';
import type { ConversationsResponse, PairsResponse } from '../extension/core/panel-protocol';
import { element } from './element';
import { describePeer } from '../extension/core/peer-text';
import { formatTime } from './row-text';

/** The pane's words, in one place, in the display language (the host's l10n bundle). */
export const conversationText = {
  title: l10n.t('Conversations'),
  empty: l10n.t('No pipe connections yet. Connections of pipe watchers (and proxies) appear here with their requests and replies.'),
  columns: ['#', l10n.t('Endpoint'), l10n.t('Client'), l10n.t('Connected'), l10n.t('Disconnected'), l10n.t('In'), l10n.t('Out'), l10n.t('Pairs'), 'p50', 'p99', l10n.t('Waiting')],
  pairColumns: [l10n.t('Request'), l10n.t('Sent'), l10n.t('Size'), l10n.t('Reply'), l10n.t('Answered'), l10n.t('Size'), l10n.t('Round trip')],
  open: l10n.t('open'),
  shown: (shown: number, total: number, forgotten: number) => [
    (total === 1 ? l10n.t('{0} connection', count(total)) : l10n.t('{0} connections', count(total))) + (shown < total ? ` ${l10n.t('(newest {0} shown)', shown)}` : ''),
    forgotten ? l10n.t('{0} older no longer held', count(forgotten)) : '',
  ].filter(Boolean).join(' · '),
  pick: l10n.t('Pick a conversation to see its request/reply pairs; the table then shows its messages (filter conn:N).'),
  heading: (s: ConversationSummary) => [
    l10n.t('Conversation {0}', s.id), s.endpoint, client(s), l10n.t('{0} pairs', count(s.pairs)),
    s.p50 !== undefined ? `p50 ${formatMs(s.p50)} · p99 ${formatMs(s.p99!)}` : '',
  ].filter(Boolean).join(' · '),
  heldPairs: (shown: number, held: number) => (shown < held ? l10n.t('newest {0} of {1} pairs still in the log', shown, count(held)) : ''),
  gone: (id: number) => l10n.t('Conversation {0} is no longer held (its messages left the log).', id),
  waiting: (request: PairRequest, now: number, closed: boolean) => (closed ? l10n.t('no reply (connection closed)') : l10n.t('waiting {0}', formatMs(now - request.time))),
  late: (thresholdMs: number) => l10n.t('answered after more than {0} (slotpipe.unansweredAfterMs)', formatMs(thresholdMs)),
  overdue: (thresholdMs: number) => l10n.t('unanswered for more than {0} (slotpipe.unansweredAfterMs)', formatMs(thresholdMs)),
};

export interface ConversationsActions {
  /** A conversation was picked (undefined: none). */
  picked(id: number | undefined): void;
}

export class ConversationsPane {
  readonly root = element('section', 'sp-conversations');
  private readonly head = element('div', 'sp-conv-head');
  /** What the watchers could not see (a live intercept's notices): said next to what they saw. */
  private readonly notices = element('div', 'sp-conv-notices');
  private readonly list = element('table', 'sp-conv-list');
  private readonly pairsHead = element('div', 'sp-pairs-head');
  private readonly pairs = element('table', 'sp-pairs');
  private selected: number | undefined;

  constructor(private readonly actions: ConversationsActions) {
    this.root.setAttribute('aria-label', conversationText.title);
    const listBox = element('div', 'sp-conv-scroll');
    listBox.append(this.list);
    const pairsBox = element('div', 'sp-conv-scroll');
    pairsBox.append(this.pairs);
    this.notices.setAttribute('role', 'status');
    this.root.append(this.head, this.notices, listBox, this.pairsHead, pairsBox);
    this.list.addEventListener('click', (event) => {
      const row = (event.target as HTMLElement).closest<HTMLElement>('tr[data-id]');
      if (row) this.actions.picked(Number(row.dataset.id));
    });
  }

  get pickedId(): number | undefined {
    return this.selected;
  }

  /** The conversation the filter names (`conn:N`), if any. */
  setPicked(id: number | undefined): void {
    this.selected = id;
    for (const row of this.list.querySelectorAll<HTMLElement>('tr[data-id]')) row.classList.toggle('sp-selected', Number(row.dataset.id) === id);
    if (id === undefined) {
      this.pairsHead.textContent = conversationText.pick;
      this.pairs.replaceChildren();
    }
  }

  showNotices(lines: string[]): void {
    this.notices.replaceChildren(...lines.map((line) => element('div', 'sp-conv-notice', `⚠ ${line}`)));
  }

  showList(response: ConversationsResponse): void {
    const { conversations, total, forgotten, unansweredAfterMs, now } = response;
    this.head.textContent = conversations.length ? `${conversationText.title} · ${conversationText.shown(conversations.length, total, forgotten)}` : conversationText.empty;
    const rows = conversations.map((s) => {
      const late = overdue(s, now, unansweredAfterMs);
      const tr = row([
        String(s.id), s.endpoint, client(s),
        formatTime(s.connected ?? s.firstTime ?? now),
        s.disconnected !== undefined ? formatTime(s.disconnected) : conversationText.open,
        count(s.messagesIn), count(s.messagesOut), count(s.pairs),
        s.p50 !== undefined ? formatMs(s.p50) : '', s.p99 !== undefined ? formatMs(s.p99) : '',
        s.waiting ? conversationText.waiting(s.waiting, now, s.disconnected !== undefined) : '',
      ]);
      tr.dataset.id = String(s.id);
      tr.className = `sp-conv-row${s.id === this.selected ? ' sp-selected' : ''}${late ? ' sp-overdue' : ''}`;
      if (late) tr.title = conversationText.overdue(unansweredAfterMs);
      return tr;
    });
    this.list.replaceChildren(headRow(conversationText.columns), ...rows);
  }

  showPairs(id: number, response: PairsResponse): void {
    if (id !== this.selected) return;
    const { summary, pairs, unansweredAfterMs, now } = response;
    if (!summary) {
      this.pairsHead.textContent = conversationText.gone(id);
      this.pairs.replaceChildren();
      return;
    }
    const held = conversationText.heldPairs(pairs.length, summary.heldPairs);
    this.pairsHead.textContent = `${conversationText.heading(summary)}${held ? ` · ${held}` : ''}`;
    const rows = pairs.map((pair) => pairRow(pair, unansweredAfterMs));
    if (summary.waiting) {
      const w = summary.waiting;
      const tr = row([`#${w.seq} ${w.direction}`, formatTime(w.time), size(w), '', conversationText.waiting(w, now, summary.disconnected !== undefined), '', '']);
      tr.className = `sp-pair sp-waiting${overdue(summary, now, unansweredAfterMs) ? ' sp-overdue' : ''}`;
      rows.push(tr);
    }
    this.pairs.replaceChildren(headRow(conversationText.pairColumns), ...rows);
  }
}

function pairRow(pair: ConversationPair, unansweredAfterMs: number): HTMLTableRowElement {
  const replyDirection = pair.request.direction === 'in' ? 'out' : 'in';
  const tr = row([
    `#${pair.request.seq} ${pair.request.direction}`, formatTime(pair.request.time), size(pair.request),
    `#${pair.reply.seq} ${replyDirection}`, formatTime(pair.reply.time), `${pair.reply.bytes} B`,
    formatMs(pair.rtt),
  ]);
  tr.className = 'sp-pair';
  if (pair.rtt > unansweredAfterMs) {
    tr.classList.add('sp-overdue');
    tr.title = conversationText.late(unansweredAfterMs);
  }
  return tr;
}

function row(cells: string[]): HTMLTableRowElement {
  const tr = element('tr');
  tr.append(...cells.map((text) => element('td', undefined, text)));
  return tr;
}

function headRow(names: string[]): HTMLTableRowElement {
  const tr = element('tr');
  tr.append(...names.map((name) => element('th', undefined, name)));
  return tr;
}

function client(s: ConversationSummary): string {
  return describePeer({ pid: s.pid, image: s.image }, 'brief') || `#${s.connection}`;
}

function size(request: PairRequest): string {
  return request.messages > 1 ? l10n.t('{0} B in {1}', request.bytes, request.messages) : `${request.bytes} B`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** `0.412 ms`, `12.5 ms`, `1.25 s`. */
export function formatMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** The conversation a filter names with `conn:N` (the first such term), if any. */
export function conversationInFilter(filter: string): number | undefined {
  const match = /(?:^|\s)(?:conn|conversation):#?(\d+)(?=\s|$)/i.exec(filter);
  return match ? Number(match[1]) : undefined;
}
