/**
 * What the host answers the traffic panel, without any of VS Code: rows by view index (their bytes
 * back to back in one ArrayBuffer), filters, and the announcement of what the view holds.
 * PanelSession wires it to a real webview.
 */
import type { Conversations } from '../../core/conversations';
import type { TrafficMessage } from '../../core/message';
import { FilterError } from '../../core/panel-filter';
import {
  MAX_CONVERSATIONS_PER_REQUEST, MAX_PAIRS_PER_REQUEST, ROW_BLOCK,
  type ConversationsResponse, type FilterResponse, type PairsRequest, type PairsResponse, type PanelRow, type RowsRequest, type RowsResponse, type ViewAnnouncement,
} from '../../core/panel-protocol';
import type { TrafficLog } from '../../core/traffic-log';
import type { RateHistory } from './rate-history';
import { TrafficView } from './traffic-view';
import { datagramNotes } from '../../netbios/datagram-notes';

/** The most rows one request may ask for. */
export const MAX_ROWS_PER_REQUEST = 2000;

export class PanelResponder {
  private readonly view: TrafficView;
  /** Names this log: a new extension host (a window reload) starts a new one, numbered from seq 1 again. */
  private readonly logId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  /** How far announcements have carried the newest rows (in which generation of the view). */
  private tailSent: { generation: number; endIndex: number } | undefined;

  constructor(
    private readonly log: TrafficLog,
    private readonly rates: RateHistory,
    private readonly conversations: Conversations,
    private readonly unansweredAfterMs: () => number,
  ) {
    this.view = new TrafficView(log, conversations);
  }

  /** Feed every batch the log appends. */
  appended(batch: readonly TrafficMessage[]): void {
    this.view.appended(batch);
  }

  rows(request: RowsRequest): RowsResponse {
    const generation = this.view.generation;
    if (request.generation !== generation) return { generation, rows: [], bytes: new ArrayBuffer(0) };
    const found = this.view.range(request.fromIndex, Math.min(Math.max(0, request.count), MAX_ROWS_PER_REQUEST));
    const bytes = new Uint8Array(found.reduce((sum, { message }) => sum + message.bytes.length, 0));
    const rows: PanelRow[] = [];
    let offset = 0;
    for (const { index, message } of found) {
      bytes.set(message.bytes, offset);
      const notes = datagramNotes(message);
      rows.push({
        index, seq: message.seq, time: message.time, watcherId: message.watcherId, endpoint: message.endpoint,
        direction: message.direction, peer: message.peer, flags: message.flags, offset, size: message.bytes.length, ...(notes.length ? { notes } : {}),
      });
      offset += message.bytes.length;
    }
    return { generation, rows, bytes: bytes.buffer };
  }

  conversationList(count: number, now: number): ConversationsResponse {
    const conversations = this.conversations.list(Math.min(Math.max(0, count), MAX_CONVERSATIONS_PER_REQUEST));
    return { conversations, total: this.conversations.size, forgotten: this.conversations.forgotten, unansweredAfterMs: this.unansweredAfterMs(), now };
  }

  pairs(request: PairsRequest, now: number): PairsResponse {
    const count = Math.min(Math.max(0, request.count), MAX_PAIRS_PER_REQUEST);
    return {
      summary: this.conversations.get(request.conversation),
      pairs: this.conversations.pairs(request.conversation, count),
      unansweredAfterMs: this.unansweredAfterMs(),
      now,
    };
  }

  /** Applies the filter; a refused one is answered with the reason and the old filter stays. */
  setFilter(text: string): FilterResponse {
    try {
      this.view.setFilter(text);
      return {};
    } catch (error) {
      if (error instanceof FilterError) return { error: error.message };
      throw error;
    }
  }

  /**
   * What the view holds now; `withTail`: with the newest rows (for a webview that follows them): those
   * not sent with an earlier announcement, within the newest block — so each announcement stays small.
   */
  announcement(now: number, withTail = false): ViewAnnouncement {
    const { firstIndex, endIndex } = this.view.bounds();
    const generation = this.view.generation;
    const announcement: ViewAnnouncement = { firstIndex, endIndex, stats: this.log.stats(), filter: this.view.filterText, rate: this.rates.series(now), generation, conversations: this.conversations.version, logId: this.logId };
    const sentTo = withTail && this.tailSent?.generation === generation ? this.tailSent.endIndex : -Infinity;
    this.tailSent = withTail ? { generation, endIndex } : undefined;
    const fromIndex = Math.max(firstIndex, Math.floor((endIndex - 1) / ROW_BLOCK) * ROW_BLOCK, sentTo);
    if (withTail && endIndex > fromIndex) announcement.tail = this.rows({ fromIndex, count: endIndex - fromIndex, generation });
    return announcement;
  }

  /** The webview (re)loaded and holds no rows: the next tail starts from its block again. */
  forgetSentRows(): void {
    this.tailSent = undefined;
  }
}
