// A #pragma pack whose value is only an operator (the fuzzer's `pack(push, !)` recursed until the stack
// overflowed): a located HeaderError that names the end of the pragma.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HeaderError, StructRegistry } from '../../extension/decode/index';

test('#pragma pack with an operator and no number is a located error, never a stack overflow', () => {
  for (const [source, column] of [['#pragma pack(push, !)\n', 20], ['#pragma pack(-)\n', 14], ['#pragma pack(push, ~)\n', 20], ['#pragma pack(push, 2 +)\n', 22]] as const) {
    assert.throws(() => StructRegistry.withBuiltins().addHeader('p.h', source), (err) =>
      err instanceof HeaderError && err.message === `p.h:1:${column}: expected a number or constant name, found end of the pragma`, source);
  }
});
