import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Direction, Peer } from '../../../extension/core/message';
import { StructRegistry } from '../../../extension/decode/index';
import { TrafficPrinter, type PrintOptions } from '../../../extension/cli/printer';

const PIPE = '\\\\.\\pipe\\ssnp';
const client: Peer = { connection: 1, pid: 42, image: 'C:\\x\\client.exe' };
const msg = (time: number, direction: Direction, text: string, peer = client) => ({ time, direction, bytes: new TextEncoder().encode(text), peer });

function printer(options: Partial<PrintOptions>, limit = {}) {
  const lines: string[] = [];
  const print: PrintOptions = { json: false, decoder: 'auto', registry: StructRegistry.withBuiltins(), ...options };
  return { lines, printer: new TrafficPrinter(PIPE, print, limit, (line) => lines.push(line)) };
}

test('--pairs --json: one object per pair, and the request left waiting as unanswered when the client goes', () => {
  const { lines, printer: p } = printer({ pairs: true, json: true });
  p.event({ type: 'connected', peer: client });
  p.messages([msg(Date.UTC(2026, 0, 1, 12), 'in', 'ping'), msg(Date.UTC(2026, 0, 1, 12) + 2.5, 'out', 'pong!')]);
  p.messages([msg(Date.UTC(2026, 0, 1, 12, 0, 1), 'in', 'last')]);
  const summary = p.event({ type: 'disconnected', peer: client, reason: 'the client went away' });
  const objects = lines.map((line) => JSON.parse(line));
  assert.deepEqual(objects[0], {
    conversation: 1,
    endpoint: PIPE,
    peer: { connection: 1, pid: 42, image: 'C:\\x\\client.exe' },
    request: { seq: 1, time: '2026-01-01T12:00:00.000Z', direction: 'in', size: 4, messages: 1 },
    reply: { seq: 2, time: '2026-01-01T12:00:00.002Z', direction: 'out', size: 5 },
    rttMs: 2.5,
  });
  assert.equal(objects[1].reply, null);
  assert.equal(objects[1].unanswered, 'the connection ended');
  assert.equal(objects[1].request.seq, 3);
  assert.equal(summary, 'conversation 1: 1 pair, rtt p50 2.500 ms, p99 2.500 ms');
});

test('--pairs as text; --count counts pairs; stopping prints what still waits', () => {
  const { lines, printer: p } = printer({ pairs: true }, { count: 3 });
  p.messages([msg(0, 'out', 'a'), msg(1, 'in', 'A'), msg(5, 'out', 'b1'), msg(6, 'out', 'b2')]);
  assert.equal(lines.length, 1);
  assert.match(lines[0], /^conversation 1 \[#1 pid 42 C:\\x\\client\.exe\] {2}#1 out 1 B 00:00:00\.000 → #2 in 1 B 00:00:00\.001 {2}rtt 1\.000 ms$/);
  p.close();
  assert.match(lines[1], /#3 out 4 B in 2 messages 00:00:00\.005 → no reply \(stopped watching\)$/);
});

test('without --pairs every message is printed, as before', () => {
  const { lines, printer: p } = printer({}, { count: 2 });
  p.messages([msg(0, 'in', 'hello'), msg(1, 'out', 'x'), msg(2, 'in', 'not printed')]);
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^#1 00:00:00\.000 <- \\\\\.\\pipe\\ssnp \[#1 pid 42 C:\\x\\client\.exe\] 5 B {2}/);
  assert.equal(p.event({ type: 'disconnected', peer: client }), undefined);
});
