import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROW_BLOCK } from '../../../../extension/core/panel-protocol';
import { Conversations } from '../../../../extension/core/conversations';
import { TrafficLog } from '../../../../extension/core/traffic-log';
import { MAX_ROWS_PER_REQUEST, PanelResponder } from '../../../../extension/ui/panel/panel-responder';
import { RateHistory } from '../../../../extension/ui/panel/rate-history';

const text = (s: string) => new TextEncoder().encode(s);

function setUp(messages: string[]) {
  const log = new TrafficLog(10_000);
  const responder = new PanelResponder(log, new RateHistory(), new Conversations(log), () => 2000);
  log.onAppend((batch) => responder.appended(batch));
  log.append('w', '\\\\.\\pipe\\p', messages.map((m) => ({ time: 1_700_000_000_000, direction: 'in' as const, bytes: text(m), peer: { pid: 7 } })));
  return { log, responder };
}

describe('PanelResponder', () => {
  it('packs the rows\' bytes back to back in one ArrayBuffer', () => {
    const { responder } = setUp(['ab', '', 'cde']);
    const { rows, bytes, generation } = responder.rows({ fromIndex: 0, count: 10, generation: 0 });
    assert.equal(generation, 0);
    assert.ok(bytes instanceof ArrayBuffer);
    assert.deepEqual(rows.map((r) => [r.index, r.seq, r.offset, r.size]), [[0, 1, 0, 2], [1, 2, 2, 0], [2, 3, 2, 3]]);
    assert.equal(new TextDecoder().decode(new Uint8Array(bytes, rows[2].offset, rows[2].size)), 'cde');
    assert.deepEqual(rows[0].peer, { pid: 7 });
    assert.equal(rows[0].endpoint, '\\\\.\\pipe\\p');
  });

  it('answers a request of an old generation with no rows', () => {
    const { responder } = setUp(['ab']);
    responder.setFilter('ab');
    const answer = responder.rows({ fromIndex: 0, count: 10, generation: 0 });
    assert.deepEqual(answer.rows, []);
    assert.equal(answer.generation, 1);
  });

  it('caps how many rows one request gets', () => {
    const { responder } = setUp(Array.from({ length: MAX_ROWS_PER_REQUEST + 10 }, (_, i) => `m${i}`));
    assert.equal(responder.rows({ fromIndex: 0, count: 1e9, generation: 0 }).rows.length, MAX_ROWS_PER_REQUEST);
  });

  it('refuses a bad filter with the reason and keeps the old one', () => {
    const { responder } = setUp(['ab', 'cd']);
    assert.deepEqual(responder.setFilter('cd'), {});
    const refused = responder.setFilter('dir:sideways');
    assert.match(refused.error!, /direction must be "in" or "out"/);
    const view = responder.announcement(1_700_000_000_500);
    assert.equal(view.filter, 'cd');
    assert.deepEqual([view.firstIndex, view.endIndex, view.stats.count], [0, 1, 2]);
    assert.equal(view.rate.length, 60);
  });

  it('sends the newest block\'s rows with an announcement only when asked to', () => {
    const { responder } = setUp(Array.from({ length: 300 }, (_, i) => `m${i}`));
    assert.equal(responder.announcement(0).tail, undefined);
    const { tail, endIndex } = responder.announcement(0, true);
    assert.equal(endIndex, 300);
    assert.deepEqual([tail!.rows[0].index, tail!.rows.at(-1)!.index], [Math.floor(299 / ROW_BLOCK) * ROW_BLOCK, 299]);
    const last = tail!.rows.at(-1)!;
    assert.equal(new TextDecoder().decode(new Uint8Array(tail!.bytes, last.offset, last.size)), 'm299');
    const empty = setUp([]).responder.announcement(0, true);
    assert.equal(empty.tail, undefined, 'nothing to send when the view is empty');
  });

  it('carries each newest row once: later announcements bring only the rows that came since', () => {
    const { log, responder } = setUp(['m0', 'm1', 'm2']);
    const add = (...texts: string[]) => log.append('w', '\\\\.\\pipe\\p', texts.map((m) => ({ time: 0, direction: 'in' as const, bytes: text(m) })));
    const indexes = (tail?: { rows: { index: number }[] }) => tail?.rows.map((r) => r.index);
    assert.deepEqual(indexes(responder.announcement(0, true).tail), [0, 1, 2]);
    add('m3', 'm4');
    assert.deepEqual(indexes(responder.announcement(0, true).tail), [3, 4]);
    assert.equal(responder.announcement(0, true).tail, undefined, 'nothing new, no rows');
    add('m5');
    assert.equal(responder.announcement(0, false).tail, undefined, 'not following: no rows');
    assert.deepEqual(indexes(responder.announcement(0, true).tail), [0, 1, 2, 3, 4, 5], 'following again: the newest block from its start');
    responder.forgetSentRows();
    assert.deepEqual(indexes(responder.announcement(0, true).tail), [0, 1, 2, 3, 4, 5], 'a reloaded webview gets the block again');
    responder.setFilter('m5');
    assert.deepEqual(indexes(responder.announcement(0, true).tail), [0], 'a new generation of the view starts afresh');
  });
});

describe('PanelResponder conversations', () => {
  it('lists conversations, answers one with its pairs, and filters its messages with conn:N', () => {
    const log = new TrafficLog(100);
    const conversations = new Conversations(log);
    const responder = new PanelResponder(log, new RateHistory(), conversations, () => 1500);
    log.onAppend((batch) => responder.appended(batch));
    const version = responder.announcement(0).conversations;
    const a = { connection: 1, pid: 11 };
    const b = { connection: 2, pid: 22 };
    log.append('w', '\\\\.\\pipe\\p', [
      { time: 1000, direction: 'in', bytes: text('qa'), peer: a },
      { time: 1001, direction: 'in', bytes: text('qb'), peer: b },
      { time: 1004, direction: 'out', bytes: text('ra'), peer: a },
    ]);
    assert.notEqual(responder.announcement(0).conversations, version, 'the announcement says the conversations moved');
    const list = responder.conversationList(10, 5000);
    assert.equal(list.total, 2);
    assert.deepEqual(responder.conversationList(1, 5000).conversations.map((c) => c.id), [2], 'the newest asked for');
    assert.deepEqual(list.conversations.map((c) => [c.id, c.pid, c.pairs, c.waiting?.seq]), [[1, 11, 1, undefined], [2, 22, 0, 2]]);
    assert.equal(list.unansweredAfterMs, 1500);
    const one = responder.pairs({ conversation: 1, count: 10 }, 5000);
    assert.deepEqual(one.pairs.map((p) => [p.request.seq, p.reply.seq, p.rtt]), [[1, 3, 4]]);
    assert.equal(one.summary?.p50, 4);
    assert.equal(responder.pairs({ conversation: 9, count: 10 }, 5000).summary, undefined);
    assert.deepEqual(responder.setFilter('conn:1'), {});
    assert.deepEqual(responder.rows({ fromIndex: 0, count: 10, generation: 1 }).rows.map((r) => r.seq), [1, 3]);
    log.append('w', '\\\\.\\pipe\\p', [{ time: 1010, direction: 'in', bytes: text('qa2'), peer: a }]);
    assert.deepEqual(responder.rows({ fromIndex: 0, count: 10, generation: 1 }).rows.map((r) => r.seq), [1, 3, 4], 'new messages of the conversation join');
  });
});
