import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TrafficLog } from '../../../../extension/core/traffic-log';
import { TrafficView } from '../../../../extension/ui/panel/traffic-view';

const text = (s: string) => new TextEncoder().encode(s);

function logWith(capacity: number, messages: string[]) {
  const log = new TrafficLog(capacity);
  const view = new TrafficView(log);
  log.onAppend((batch) => view.appended(batch));
  log.append('w', '\\\\.\\mailslot\\sms', messages.map((m, i) => ({ time: i, direction: i % 2 ? 'out' : 'in', bytes: text(m) })));
  return { log, view };
}

describe('TrafficView', () => {
  it('without a filter numbers rows by seq', () => {
    const { view } = logWith(10, ['a', 'b', 'c']);
    assert.deepEqual(view.bounds(), { firstIndex: 0, endIndex: 3 });
    assert.deepEqual(view.range(1, 5).map((r) => [r.index, r.message.seq]), [[1, 2], [2, 3]]);
  });

  it('with a filter numbers only the matching messages, old and new', () => {
    const { log, view } = logWith(100, ['ping 1', 'pong', 'ping 2']);
    const generation = view.generation;
    view.setFilter('ping');
    assert.equal(view.generation, generation + 1);
    assert.deepEqual(view.bounds(), { firstIndex: 0, endIndex: 2 });
    log.append('w', 'e', [{ time: 9, direction: 'in', bytes: text('PING 3') }, { time: 9, direction: 'in', bytes: text('x') }]);
    assert.deepEqual(view.range(0, 10).map((r) => new TextDecoder().decode(r.message.bytes)), ['ping 1', 'ping 2', 'PING 3']);
  });

  it('prunes rows the log dropped, and keeps view indexes stable', () => {
    const { log, view } = logWith(4, ['m0', 'x', 'm1', 'x']);
    view.setFilter('hex:6d'); // the letter m, in the bytes only
    log.append('w', 'e', [{ time: 9, direction: 'in', bytes: text('m2') }, { time: 9, direction: 'in', bytes: text('x') }]);
    // The ring holds seqs 3..6 (m1, x, m2, x): m0 is gone, so view index 0 is gone.
    assert.deepEqual(view.bounds(), { firstIndex: 1, endIndex: 3 });
    assert.deepEqual(view.range(0, 5).map((r) => [r.index, r.message.seq]), [[1, 3], [2, 5]]);
    log.clear();
    assert.deepEqual(view.bounds(), { firstIndex: 3, endIndex: 3 });
    assert.deepEqual(view.range(0, 5), []);
  });

  it('keeps the old filter when the new one is refused', () => {
    const { view } = logWith(10, ['ab', 'cd']);
    view.setFilter('ab');
    assert.throws(() => view.setFilter('hex:z'), /Invalid filter/);
    assert.equal(view.filterText, 'ab');
    assert.deepEqual(view.bounds(), { firstIndex: 0, endIndex: 1 });
  });

  it('stays bounded when a filter matches everything for a long time', () => {
    const { log, view } = logWith(1000, []);
    view.setFilter('dir:in');
    for (let i = 0; i < 50; i++) {
      log.append('w', 'e', Array.from({ length: 1000 }, () => ({ time: 0, direction: 'in' as const, bytes: text('z') })));
      view.bounds();
    }
    assert.deepEqual(view.bounds(), { firstIndex: 49_000, endIndex: 50_000 });
    assert.equal(view.range(49_999, 1)[0].message.seq, 50_000);
    assert.ok((view as unknown as { matches: number[] }).matches.length <= 2_100);
  });
});
