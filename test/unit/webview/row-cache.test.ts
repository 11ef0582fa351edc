import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RowsResponse } from '../../../extension/core/panel-protocol';
import { RowCache } from '../../../webview/row-cache';

/** A host that holds view indexes [first, end) whose bytes are [index & 0xff, size = index % 5]. */
function host(state: { first: number; end: number; generation: number }) {
  const calls: [number, number][] = [];
  const fetch = async (fromIndex: number, count: number, _generation: number): Promise<RowsResponse> => {
    calls.push([fromIndex, count]);
    const rows = [];
    const parts: number[] = [];
    for (let index = Math.max(fromIndex, state.first); index < Math.min(fromIndex + count, state.end); index++) {
      const size = index % 5;
      rows.push({ index, seq: index + 1, time: 0, watcherId: 'w', endpoint: 'e', direction: 'in' as const, flags: 0, offset: parts.length, size });
      for (let i = 0; i < size; i++) parts.push(index & 0xff);
    }
    return { generation: state.generation, rows, bytes: new Uint8Array(parts).buffer };
  };
  return { calls, fetch };
}

describe('RowCache', () => {
  it('fetches whole blocks once and slices each row its own bytes', async () => {
    const state = { first: 0, end: 1000, generation: 0 };
    const { calls, fetch } = host(state);
    const cache = new RowCache(fetch, 100, 8);
    assert.equal(await cache.ensure(150, 260, state.first, state.end), true);
    assert.deepEqual(calls, [[100, 100], [200, 100]]);
    assert.equal(await cache.ensure(120, 180, state.first, state.end), false);
    assert.equal(calls.length, 2);
    const row = cache.get(153)!;
    assert.equal(row.seq, 154);
    assert.deepEqual([...row.bytes], [153, 153, 153]);
    assert.equal(cache.get(99), undefined);
  });

  it('shares a request already on its way', async () => {
    const state = { first: 0, end: 1000, generation: 0 };
    const { calls, fetch } = host(state);
    const cache = new RowCache(fetch, 100);
    await Promise.all([cache.ensure(0, 50, 0, 1000), cache.ensure(10, 20, 0, 1000)]);
    assert.equal(calls.length, 1);
  });

  it('fetches a block again once more of it exists', async () => {
    const state = { first: 0, end: 130, generation: 0 };
    const { calls, fetch } = host(state);
    const cache = new RowCache(fetch, 100);
    await cache.ensure(100, 130, state.first, state.end);
    assert.equal(cache.get(140), undefined);
    state.end = 160;
    assert.equal(await cache.ensure(100, 160, state.first, state.end), true);
    assert.equal(cache.get(140)?.seq, 141);
    assert.equal(calls.length, 2);
  });

  it('keeps only the most recently used blocks', async () => {
    const state = { first: 0, end: 10_000, generation: 0 };
    const { calls, fetch } = host(state);
    const cache = new RowCache(fetch, 10, 3);
    for (const from of [0, 10, 20]) await cache.ensure(from, from + 10, 0, state.end);
    cache.get(0);
    await cache.ensure(30, 40, 0, state.end);
    assert.ok(cache.get(5), 'block 0 was used recently and stays');
    assert.equal(cache.get(15), undefined, 'block 1 was the least recently used and went');
    assert.equal(calls.length, 4);
  });

  it('drops everything on a new generation and ignores answers for an old one', async () => {
    const state = { first: 0, end: 100, generation: 0 };
    const { fetch } = host(state);
    const cache = new RowCache(fetch, 10);
    await cache.ensure(0, 10, 0, 100);
    cache.reset(1);
    assert.equal(cache.get(0), undefined);
    state.generation = 0;
    await cache.ensure(0, 10, 0, 100);
    assert.equal(cache.get(0), undefined, 'rows of generation 0 are not taken into generation 1');
    state.generation = 1;
    await cache.ensure(0, 10, 0, 100);
    assert.equal(cache.get(0)?.seq, 1);
  });

  it('asks for nothing outside what the host holds', async () => {
    const { calls, fetch } = host({ first: 500, end: 600, generation: 0 });
    const cache = new RowCache(fetch, 100);
    assert.equal(await cache.ensure(0, 400, 500, 600), false);
    assert.equal(calls.length, 0);
  });

  it('takes the newest rows sent with an announcement, so drawing them needs no request', async () => {
    const state = { first: 0, end: 250, generation: 0 };
    const { calls, fetch } = host(state);
    const cache = new RowCache(fetch, 100, 8);
    cache.put(await fetch(200, 50, 0), 250);
    calls.length = 0;
    assert.equal(await cache.ensure(220, 250, state.first, state.end), false);
    assert.deepEqual(calls, []);
    assert.deepEqual([...cache.get(249)!.bytes], [249, 249, 249, 249]);
    // Rows of an older generation, or spanning two blocks, are not taken.
    cache.reset(1);
    cache.put(await fetch(200, 50, 0), 250);
    assert.equal(cache.get(249), undefined);
    state.generation = 1;
    cache.put(await fetch(150, 100, 1), 250);
    assert.equal(cache.get(249), undefined);
  });

  it('adds rows sent since the last announcement to their block, and leaves rows after a gap to a fetch', async () => {
    const state = { first: 0, end: 250, generation: 0 };
    const { calls, fetch } = host(state);
    const cache = new RowCache(fetch, 100, 8);
    cache.put(await fetch(200, 20, 0), 220);
    cache.put(await fetch(220, 5, 0), 225);
    assert.equal(cache.get(219)?.seq, 220, 'the earlier rows stay');
    assert.deepEqual([...cache.get(224)!.bytes], [224, 224, 224, 224]);
    calls.length = 0;
    assert.equal(await cache.ensure(200, 225, state.first, 225), false, 'the block is whole up to 225: no request');
    cache.put(await fetch(230, 5, 0), 235);
    assert.equal(cache.get(232), undefined, 'rows after a gap are not taken');
    state.end = 400;
    cache.put(await fetch(300, 3, 0), 303);
    assert.equal(cache.get(301)?.seq, 302, 'the first rows of a new block start it');
    cache.put(await fetch(310, 3, 0), 313);
    assert.equal(cache.get(311), undefined, 'a new block not started at its first row is left to a fetch');
    calls.length = 0;
    assert.equal(await cache.ensure(230, 235, state.first, 235), true);
    assert.deepEqual(calls, [[200, 100]]);
  });
});
