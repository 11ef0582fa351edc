// Payloads people type (hex and text) and payload sizes at the edges: any input is bytes or a clear
// error that points at the problem, never a crash.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { HexError, parseHex, toHex } from '../../extension/core/hex';
import { buildPayload } from '../../extension/cli/payload';
import { UsageError } from '../../extension/cli/args';
import { StructRegistry } from '../../extension/decode/index';

const hexish = fc.stringMatching(/^(0x|0X|[0-9a-fA-F]|[ :,\-\n\t]|[gxzG!é€\u0000])*$/, { maxLength: 40 });

test('any typed hex: the bytes it spells, or an error naming the bad character at its real place', () => {
  fc.assert(fc.property(fc.oneof(hexish, fc.string({ maxLength: 40 })), (text) => {
    let bytes: Uint8Array;
    try {
      bytes = parseHex(text);
    } catch (err) {
      assert.ok(err instanceof HexError, `not a HexError: ${(err as Error).stack}`);
      const place = /^"(.+)" is not a hex digit \(at character (\d+) of the hex payload\)$/su.exec(err.message);
      if (place) assert.equal(text.slice(Number(place[2]) - 1).startsWith(place[1]), true, `${JSON.stringify(text)}: ${err.message}`);
      else assert.match(err.message, /^the hex group "[0-9a-fA-F]+" has an odd number of digits; write each byte as two digits$/);
      return;
    }
    const digits = text.replace(/0x/gi, '').replace(/[\s:,-]/g, '');
    assert.equal(toHex(bytes), digits.toLowerCase());
  }), { seed: 0xbeef, numRuns: 5000 });
});

test('a 0x prefix earlier in the text does not move the reported place', () => {
  assert.throws(() => parseHex('0xaa x'), /"x" is not a hex digit \(at character 6 /);
  assert.throws(() => parseHex('0x1g'), /"g" is not a hex digit \(at character 4 /);
});

test('CLI payloads: odd digits, non-hex, two payloads at once and empty text each give a usage error or bytes', () => {
  const registry = StructRegistry.withBuiltins();
  assert.throws(() => buildPayload(undefined, { hex: 'abc' }, registry), (err) => err instanceof UsageError && /^--hex: the hex group "abc"/.test(err.message));
  assert.throws(() => buildPayload(undefined, { hex: 'zz' }, registry), (err) => err instanceof UsageError && /^--hex: "z" is not a hex digit/.test(err.message));
  assert.throws(() => buildPayload('x', { hex: 'aa' }, registry), (err) => err instanceof UsageError && /give one payload, not TEXT and --hex/.test(err.message));
  assert.deepEqual([...buildPayload('', {}, registry)], [], 'an empty text is a zero-length message');
  assert.deepEqual([...buildPayload(undefined, { hex: '' }, registry)], []);
  assert.equal(buildPayload('x'.repeat(10 * 1024 * 1024), {}, registry).length, 10 * 1024 * 1024);
});
