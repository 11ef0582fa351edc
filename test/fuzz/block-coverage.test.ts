// BlockCoverage: a branch taken for the first time is new coverage, the same branch again is not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BlockCoverage } from './block-coverage';
import { SeededRandom, mutate } from './mutator';
import { classify } from './coverage-probe';

test('a branch is new coverage once, the first time it runs', () => {
  const coverage = new BlockCoverage((url) => url.endsWith('/coverage-probe.ts'));
  try {
    classify(5);
    assert.ok(coverage.takeNew() > 0, 'the first call reaches the function and its positive branch');
    classify(6);
    assert.equal(coverage.takeNew(), 0, 'the same branch again reaches nothing new');
    classify(-1);
    assert.ok(coverage.takeNew() > 0, 'the negative branch is new');
    classify(-2);
    assert.equal(coverage.takeNew(), 0);
    classify(0);
    assert.ok(coverage.takeNew() > 0, 'the zero branch is new');
  } finally {
    coverage.close();
  }
});

test('mutation is repeatable for a seed and respects the length limit', () => {
  const parent = new TextEncoder().encode('typedef struct { DWORD a; } X;');
  const run = (seed: number) => {
    const random = new SeededRandom(seed);
    return Array.from({ length: 200 }, () => mutate(parent, parent, random, { maxLength: 40, dictionary: [Uint8Array.of(1, 2, 3)] }));
  };
  assert.deepEqual(run(3), run(3));
  assert.notDeepEqual(run(3), run(4));
  assert.ok(run(5).every((m) => m.length <= 40));
  assert.ok(run(5).some((m) => m.length !== parent.length || m.some((b, i) => b !== parent[i])), 'mutants differ from the parent');
});
