import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteArena } from '../../../extension/core/byte-arena';

test('stores back to back and lets a chunk go once every string in it is released', () => {
  const arena = new ByteArena();
  const slots = Array.from({ length: 3 }, (_, i) => arena.store(new Uint8Array(3 * 1024 * 1024).fill(i + 1)));
  assert.deepEqual(slots.map((s) => s.chunk), [0, 1, 2], 'a string never spans two chunks');
  assert.equal(arena.view(1, slots[1].offset, 4)[0], 2);
  arena.release(0);
  assert.throws(() => arena.view(0, 0, 1), /already released/);
  arena.release(2);
  assert.equal(arena.view(2, 0, 1)[0], 3, 'the chunk being written is kept');
});

test('a string larger than a chunk gets a chunk of its own', () => {
  const arena = new ByteArena();
  const small = arena.store(new Uint8Array([1, 2]));
  const big = arena.store(new Uint8Array(9 * 1024 * 1024).fill(7));
  assert.notEqual(small.chunk, big.chunk);
  assert.equal(arena.view(big.chunk, big.offset, 9 * 1024 * 1024).every((b) => b === 7), true);
});

test('adopted bytes are kept as they are and go when released; retained chunks wait for every release', () => {
  const arena = new ByteArena();
  const packed = arena.store(new Uint8Array([1, 2, 3]));
  const bytes = new Uint8Array(64 * 1024).fill(5);
  const adopted = arena.adopt(bytes);
  assert.notEqual(adopted.chunk, packed.chunk);
  assert.equal(arena.view(adopted.chunk, 0, 4).buffer, bytes.buffer, 'no copy');
  const next = arena.store(new Uint8Array([4]));
  assert.equal(next.chunk, packed.chunk, 'packing goes on in the chunk it was filling');
  arena.retain(adopted.chunk);
  arena.release(adopted.chunk);
  assert.equal(arena.view(adopted.chunk, 10, 1)[0], 5, 'still held by the second reference');
  arena.release(adopted.chunk);
  assert.throws(() => arena.view(adopted.chunk, 0, 1), /already released/);
});

test('kept bytes stay where they lie: parts of one buffer share a chunk, which goes with the last release', () => {
  const arena = new ByteArena();
  const slab = new Uint8Array(1024);
  slab.set([1, 2, 3], 0);
  const first = arena.keep(slab.subarray(0, 3));
  slab.set([4, 5], 3);
  const second = arena.keep(slab.subarray(3, 5));
  assert.equal(second.chunk, first.chunk, 'one chunk for the buffer');
  assert.deepEqual([first.offset, second.offset], [0, 3]);
  assert.equal(arena.view(second.chunk, second.offset, 2).buffer, slab.buffer, 'no copy');
  const other = arena.keep(new Uint8Array(8).subarray(2, 4));
  assert.notEqual(other.chunk, first.chunk, 'another buffer, another chunk');
  assert.equal(other.offset, 2);
  arena.release(first.chunk);
  assert.deepEqual([...arena.view(second.chunk, second.offset, 2)], [4, 5], 'held while a part is');
  arena.release(second.chunk);
  assert.throws(() => arena.view(first.chunk, 0, 1), /already released/);
  const again = arena.keep(slab.subarray(5, 6));
  assert.notEqual(again.chunk, first.chunk, 'a buffer kept again after its chunk went gets a new chunk');
  assert.equal(arena.view(again.chunk, 5, 1).buffer, slab.buffer);
});
