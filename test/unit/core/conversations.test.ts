import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Conversations, overdue, type ConversationPair } from '../../../extension/core/conversations';
import type { Direction, Peer } from '../../../extension/core/message';
import { RttHistogram } from '../../../extension/core/rtt-histogram';
import { TrafficLog } from '../../../extension/core/traffic-log';

const PIPE = '\\\\.\\pipe\\ssnp';
const peers = new Map<number, Peer>();
const peer = (connection: number): Peer => {
  if (!peers.has(connection)) peers.set(connection, { connection, pid: 4000 + connection, image: 'C:\\app\\client.exe' });
  return peers.get(connection)!;
};
const say = (log: TrafficLog, time: number, direction: Direction, text: string, connection = 1, watcher = 'w') =>
  log.append(watcher, PIPE, [{ time, direction, bytes: new TextEncoder().encode(text), peer: peer(connection) }])[0];

function setUp(capacity = 100) {
  const log = new TrafficLog(capacity);
  const conversations = new Conversations(log);
  const formed: ConversationPair[] = [];
  conversations.onPair((pair) => formed.push(pair));
  return { log, conversations, formed };
}

test('message mode: each request pairs with the first message the other way, with its round-trip time', () => {
  const { log, conversations, formed } = setUp();
  conversations.connected('w', PIPE, peer(1), 990);
  say(log, 1000, 'in', 'GET a');
  say(log, 1003, 'out', 'A');
  say(log, 1010, 'in', 'GET b');
  say(log, 1030, 'out', 'B');
  assert.deepEqual(formed.map((p) => [p.request.seq, p.reply.seq, p.rtt]), [[1, 2, 3], [3, 4, 20]]);
  const [summary] = conversations.list();
  assert.equal(summary.id, 1);
  assert.equal(summary.connected, 990);
  assert.equal(summary.pid, 4001);
  assert.equal(summary.image, 'C:\\app\\client.exe');
  assert.deepEqual([summary.messagesIn, summary.messagesOut, summary.bytesIn, summary.bytesOut], [2, 2, 10, 2]);
  assert.equal(summary.pairs, 2);
  assert.equal(summary.p50, 3);
  assert.equal(summary.p99, 20);
  assert.equal(summary.waiting, undefined);
  conversations.disconnected('w', peer(1), 1040, 'the client went away');
  assert.deepEqual([conversations.get(1)?.disconnected, conversations.get(1)?.reason], [1040, 'the client went away']);
});

test('byte mode: a request read in pieces counts once, from its first piece; the reply\'s pieces belong to it', () => {
  const { log, conversations, formed } = setUp();
  say(log, 1000, 'in', 'HEL');
  say(log, 1001, 'in', 'LO\n');
  say(log, 1005, 'out', 'WOR');
  say(log, 1006, 'out', 'LD\n');
  say(log, 1100, 'in', 'BYE\n');
  assert.equal(formed.length, 1);
  assert.deepEqual(formed[0].request, { seq: 1, time: 1000, direction: 'in', messages: 2, bytes: 6 });
  assert.deepEqual(formed[0].reply, { seq: 3, time: 1005, bytes: 3 });
  assert.equal(formed[0].rtt, 5);
  const summary = conversations.get(1)!;
  assert.deepEqual(summary.waiting, { seq: 5, time: 1100, direction: 'in', messages: 1, bytes: 4 }, 'BYE waits for its reply');
  assert.equal(summary.connected, undefined, 'no connect was reported: the first message stands for it');
  assert.equal(summary.firstTime, 1000);
});

test('a pipe client\'s requests go out and its replies come in: both directions pair the same way', () => {
  const { log, formed } = setUp();
  say(log, 1000, 'out', 'ping');
  say(log, 1002, 'in', 'pong');
  say(log, 1004, 'out', 'ping');
  say(log, 1009, 'in', 'pong');
  assert.deepEqual(formed.map((p) => [p.request.direction, p.rtt]), [['out', 2], ['out', 5]]);
});

test('proxy directions: client→server in, server→client out, several connections kept apart', () => {
  const { log, conversations, formed } = setUp();
  conversations.connected('w', PIPE, peer(1), 900);
  conversations.connected('w', PIPE, peer(2), 901);
  say(log, 1000, 'in', 'q1', 1);
  say(log, 1001, 'in', 'q2', 2);
  say(log, 1004, 'out', 'r2', 2);
  say(log, 1010, 'out', 'r1', 1);
  assert.deepEqual(formed.map((p) => [p.conversation, p.rtt]), [[2, 3], [1, 10]]);
  assert.deepEqual(conversations.list().map((c) => [c.id, c.connection, c.messagesIn, c.messagesOut]), [[1, 1, 1, 1], [2, 2, 1, 1]]);
  assert.deepEqual(conversations.pairs(2, 10).map((p) => p.request.seq), [2]);
});

test('the same connection id on another watcher, or after a restart, is another conversation', () => {
  const { log, conversations } = setUp();
  const first = say(log, 1000, 'in', 'a', 1, 'w');
  const other = say(log, 1001, 'in', 'b', 1, 'v');
  conversations.connected('w', PIPE, peer(1), 1002); // the watcher restarted and numbers from 1 again
  const again = say(log, 1003, 'in', 'c', 1, 'w');
  assert.deepEqual([first, other, again].map((m) => conversations.numberOf(m)), [1, 2, 3]);
  assert.equal(conversations.get(1)?.disconnected, 1000, 'the old one ended');
  assert.equal(conversations.numberOf({ watcherId: 'w', seq: 5 }), undefined, 'no connection, no conversation');
});

test('messages without a connection (mailslots, datagrams) belong to no conversation', () => {
  const { log, conversations } = setUp();
  log.append('m', '\\\\.\\mailslot\\sms', [{ time: 1, direction: 'in', bytes: new Uint8Array(3) }]);
  assert.deepEqual(conversations.list(), []);
});

test('drops: pairs leave with the ring, the counts and percentiles since the connection began stay', () => {
  const { log, conversations } = setUp(6);
  for (let i = 0; i < 10; i++) {
    say(log, 1000 + i * 10, 'in', `q${i}`);
    say(log, 1000 + i * 10 + i + 1, 'out', `r${i}`);
  }
  const summary = conversations.get(1)!;
  assert.equal(summary.pairs, 10);
  assert.equal(summary.heldPairs, 3, 'the ring holds the last 6 messages: 3 pairs');
  assert.deepEqual(conversations.pairs(1, 100).map((p) => p.rtt), [8, 9, 10]);
  assert.deepEqual(conversations.pairs(1, 2).map((p) => p.rtt), [9, 10], 'the newest asked for');
  assert.equal(summary.p50, 5);
  assert.equal(summary.p99, 10);
  assert.equal(summary.messagesIn + summary.messagesOut, 20);
});

test('a request whose own message was dropped but whose reply is held is not listed', () => {
  const { log, conversations } = setUp(3);
  say(log, 1000, 'in', 'a');
  say(log, 1001, 'in', 'b');
  say(log, 1002, 'in', 'c');
  say(log, 1005, 'out', 'r');
  assert.equal(conversations.get(1)?.heldPairs, 1);
  assert.deepEqual(conversations.pairs(1, 10), [], 'its request (seq 1) is no longer in the log');
});

test('clearing the log lets go of every pair; closed conversations with nothing held are forgotten', () => {
  const { log, conversations } = setUp(10_000);
  for (let c = 1; c <= 1100; c++) {
    conversations.connected('w', PIPE, { connection: c }, c);
    say(log, c, 'in', 'q', c);
    say(log, c + 1, 'out', 'r', c);
    conversations.disconnected('w', { connection: c }, c + 2);
  }
  log.clear();
  say(log, 5000, 'in', 'q', 5000);
  assert.equal(conversations.list().length, 1, 'only the one with a held message is kept');
  assert.equal(conversations.forgotten, 1100);
});

test('a waiting request is overdue after the threshold, or at once when the connection is gone', () => {
  const { log, conversations } = setUp();
  say(log, 1000, 'in', 'q');
  assert.equal(overdue(conversations.get(1)!, 2000, 2000), false);
  assert.equal(overdue(conversations.get(1)!, 3001, 2000), true);
  conversations.disconnected('w', peer(1), 1500);
  assert.equal(overdue(conversations.get(1)!, 1500, 2000), true);
});

test('work per message stays bounded: a long run against a small ring holds few pairs', () => {
  const { log, conversations } = setUp(1000);
  for (let i = 0; i < 50_000; i++) say(log, i, i % 2 ? 'out' : 'in', 'x');
  const summary = conversations.get(1)!;
  assert.equal(summary.pairs, 25_000);
  assert.equal(summary.heldPairs, 500);
  assert.equal(conversations.pairs(1, Infinity).length, 500);
});

test('percentiles are exact for the first pairs, then within half a percent', () => {
  const histogram = new RttHistogram();
  const values = Array.from({ length: 5000 }, (_, i) => 0.05 + i * 0.37);
  for (const v of values) histogram.add(v);
  const exact = (q: number) => [...values].sort((a, b) => a - b)[Math.ceil(q * values.length) - 1];
  for (const q of [0.5, 0.9, 0.99]) {
    const got = histogram.quantile(q)!;
    assert.ok(Math.abs(got - exact(q)) / exact(q) <= 0.005, `q${q}: ${got} vs ${exact(q)}`);
  }
  assert.equal(new RttHistogram().quantile(0.5), undefined);
});
