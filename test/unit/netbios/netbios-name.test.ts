import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  decodeNetbiosName, encodeNetbiosName, formatNetbiosName, MSBROWSE, parseNetbiosName, rawNetbiosName, type NetbiosName,
} from '../../../extension/netbios/netbios-name';

const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes);

describe('NetBIOS names', () => {
  test('first-level encoding follows RFC 1001 §14.1 (the FRED example)', () => {
    const encoded = encodeNetbiosName({ name: 'FRED', suffix: 0x20, scope: '' });
    // "FRED" padded with spaces: F=0x46 → 'E''G', R=0x52 → 'F''C', E=0x45 → 'E''F', D=0x44 → 'E''E', space=0x20 → 'C''A'.
    assert.equal(encoded[0], 32);
    assert.equal(ascii(encoded.subarray(1, 33)), `EGFCEFEE${'CA'.repeat(11)}CA`);
    assert.equal(encoded[33], 0);
    assert.equal(encoded.length, 34);
  });

  test('scope labels follow the name, each with its length', () => {
    const encoded = encodeNetbiosName({ name: 'HOST', suffix: 0, scope: 'corp.example' });
    assert.deepEqual([...encoded.subarray(33)], [4, ...Buffer.from('corp'), 7, ...Buffer.from('example'), 0]);
    const decoded = decodeNetbiosName(encoded, 0);
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.value, { name: 'HOST', suffix: 0, scope: 'corp.example' });
    assert.equal(decoded.length, encoded.length);
  });

  test('the wildcard is "*" and 15 zero bytes; __MSBROWSE__ has its special bytes', () => {
    assert.deepEqual([...rawNetbiosName({ name: '*', suffix: 0, scope: '' })], [0x2a, ...new Array(15).fill(0)]);
    assert.deepEqual([...rawNetbiosName({ name: MSBROWSE, suffix: 1, scope: '' })], [1, 2, ...Buffer.from('__MSBROWSE__'), 2, 1]);
    for (const name of ['*', MSBROWSE]) {
      const decoded = decodeNetbiosName(encodeNetbiosName({ name, suffix: 1, scope: '' }), 0);
      assert.ok(decoded.ok && decoded.value.name === name);
    }
  });

  test('text form: NAME<xx>, upper-cased, default suffix', () => {
    assert.deepEqual(parseNetbiosName('workgroup<1d>'), { name: 'WORKGROUP', suffix: 0x1d, scope: '' });
    assert.deepEqual(parseNetbiosName('host', 0x20), { name: 'HOST', suffix: 0x20, scope: '' });
    assert.equal(formatNetbiosName({ name: 'HOST', suffix: 0x1b, scope: 'a.b' }), 'HOST<1b>.a.b');
  });

  test('names NetBIOS cannot carry are refused with the reason', () => {
    assert.throws(() => parseNetbiosName('ABCDEFGHIJKLMNOP'), /16 characters long; at most 15/);
    assert.throws(() => parseNetbiosName(''), /empty/);
    assert.throws(() => parseNetbiosName('*X'), /may not start with "\*"/);
    assert.throws(() => parseNetbiosName('HÖST'), /printable ASCII/);
    assert.throws(() => parseNetbiosName('HOST', 0, 'bad..scope'), /invalid label/);
  });

  test('decoding explains what is wrong', () => {
    const good = encodeNetbiosName({ name: 'HOST', suffix: 0, scope: '' });
    const cases: [Uint8Array, RegExp][] = [
      [good.subarray(0, 10), /cut off after 9 of 32 letters/],
      [Uint8Array.of(31, ...good.subarray(1)), /starts with length 31/],
      [Uint8Array.of(...good.subarray(0, 5), 0x51, ...good.subarray(6)), /byte 0x51 at offset 5.*'A'..'P'/],
      [good.subarray(0, 33), /no terminating zero/],
      [Uint8Array.of(0xc0, 0x00), /compressed name pointer/],
      [new Uint8Array(0), /missing/],
    ];
    for (const [bytes, reason] of cases) {
      const decoded = decodeNetbiosName(bytes, 0);
      assert.equal(decoded.ok, false);
      assert.match((decoded as { reason: string }).reason, reason);
    }
  });

  test('the name service may point back to an earlier name', () => {
    const name = encodeNetbiosName({ name: 'HOST', suffix: 0x20, scope: '' });
    const message = Uint8Array.of(...name, 0xc0, 0x00);
    const decoded = decodeNetbiosName(message, name.length, true);
    assert.ok(decoded.ok);
    assert.equal(decoded.length, 2);
    assert.equal(formatNetbiosName(decoded.value), 'HOST<20>');
    assert.equal(decodeNetbiosName(Uint8Array.of(0xc0, 0x00), 0, true).ok, false, 'a pointer to itself is refused');
  });

  test('property: every legal name and scope survives encoding and decoding', () => {
    const nameArb = fc.oneof(
      fc.stringMatching(/^[A-Z0-9!#$%&'()\-.@^_{}~][A-Z0-9 !#$%&'()\-.@^_{}~]{0,14}$/).map((s) => s.trimEnd()).filter((s) => s.length > 0),
      fc.constantFrom('*', MSBROWSE),
    );
    const scopeArb = fc.array(fc.stringMatching(/^[a-z0-9-]{1,20}$/), { maxLength: 4 }).map((labels) => labels.join('.'));
    fc.assert(fc.property(nameArb, fc.integer({ min: 0, max: 255 }), scopeArb, (name, suffix, scope) => {
      const value: NetbiosName = { name, suffix, scope };
      const encoded = encodeNetbiosName(value);
      const decoded = decodeNetbiosName(encoded, 0);
      assert.ok(decoded.ok, JSON.stringify(value));
      assert.deepEqual(decoded.value, value);
      assert.equal(decoded.length, encoded.length);
    }), { seed: 138, numRuns: 2000 });
  });
});
