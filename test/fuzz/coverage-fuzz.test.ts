// The bounded coverage-guided fuzzing run of `npm test`: fixed seed, fixed iterations, every target,
// starting from the real fixtures and the committed corpus (test/fixtures/fuzz-corpus). Longer runs:
// `npm run soak` (or test/fuzz/run-fuzz.ts directly).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fuzz } from './fuzz-loop';
import { targets } from './targets';

const ITERATIONS: Record<string, number> = { netbios: 8000, pcap: 4000, header: 4000, 'header-preprocessor': 2000, 'capture-stream': 2000 };

describe('coverage-guided fuzzing (bounded run)', () => {
  for (const target of Object.values(targets)) {
    test(`${target.name}: ${ITERATIONS[target.name]} mutants, no crash, new blocks reached`, { timeout: 120_000 }, () => {
      const report = fuzz(target, { iterations: ITERATIONS[target.name], seed: 0x5107 });
      assert.deepEqual(report.crashes, [], `inputs that crashed ${target.name} were saved to the corpus:\n${report.crashes.map((c) => `${c.file}: ${c.message}`).join('\n')}`);
      assert.ok(report.startInputs > 0, 'the corpus is not empty');
      assert.ok(report.blocksAtStart > 0, 'coverage of the target modules is measured');
      assert.ok(report.blocks >= report.blocksAtStart);
      console.log(`${target.name}: ${report.startInputs} corpus inputs, ${report.iterations} mutants, ${report.kept} kept, blocks ${report.blocksAtStart} → ${report.blocks}`);
    });
  }
});
