import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { decodeMailslotWrite, encodeMailslotWrite, mailslotWireName } from '../../../extension/netbios/smb-mailslot';

const text = (s: string) => new TextEncoder().encode(s);
const u16 = (bytes: Uint8Array, at: number) => bytes[at] | (bytes[at + 1] << 8);
const setU16 = (bytes: Uint8Array, at: number, value: number) => {
  bytes[at] = value & 0xff;
  bytes[at + 1] = value >> 8;
};
// Offsets inside the SMB message: parameter words start at 33; DataCount is word 11, DataOffset word 12.
const WORD = (i: number) => 33 + 2 * i;
const BYTE_COUNT = 33 + 2 * 17;

describe('SMB TRANSACTION mailslot write', () => {
  test('the layout Windows and Samba use: WordCount 17, SetupCount 3, data after the name', () => {
    const bytes = encodeMailslotWrite({ mailslot: 'sms', data: text('hello'), priority: 1 });
    assert.deepEqual([...bytes.subarray(0, 5)], [0xff, 0x53, 0x4d, 0x42, 0x25]);
    assert.equal(bytes[32], 17);
    assert.equal(u16(bytes, WORD(13)) & 0xff, 3);
    assert.deepEqual([u16(bytes, WORD(14)), u16(bytes, WORD(15)), u16(bytes, WORD(16))], [1, 1, 2]);
    assert.equal(u16(bytes, WORD(12)), 69 + '\\MAILSLOT\\sms'.length + 1, 'DataOffset: 70 + the name length, as Samba writes it');
    assert.equal(u16(bytes, BYTE_COUNT), '\\MAILSLOT\\sms'.length + 1 + 5);
    const decoded = decodeMailslotWrite(bytes);
    assert.deepEqual(decoded.problems, []);
    assert.equal(decoded.mailslot, '\\MAILSLOT\\sms');
    assert.deepEqual(decoded.data, text('hello'));
    assert.equal(decoded.priority, 1);
    assert.equal(decoded.class, 2);
  });

  test('the data is read at DataOffset, not assumed to follow the name', () => {
    const plain = encodeMailslotWrite({ mailslot: 'sms', data: text('payload') });
    const offset = u16(plain, WORD(12));
    // Insert 3 padding bytes before the data, as a sender aligning its data may do.
    const padded = Uint8Array.of(...plain.subarray(0, offset), 0xee, 0xee, 0xee, ...plain.subarray(offset));
    setU16(padded, WORD(12), offset + 3);
    setU16(padded, BYTE_COUNT, u16(plain, BYTE_COUNT) + 3);
    const decoded = decodeMailslotWrite(padded);
    assert.deepEqual(decoded.problems, []);
    assert.deepEqual(decoded.data, text('payload'));
  });

  test('mailslot names get their \\MAILSLOT\\ prefix once', () => {
    assert.equal(mailslotWireName('a\\b'), '\\MAILSLOT\\a\\b');
    assert.equal(mailslotWireName('\\mailslot\\x'), '\\mailslot\\x');
    assert.throws(() => encodeMailslotWrite({ mailslot: 'bäd', data: new Uint8Array(0) }), /printable ASCII/);
  });

  test('every count and offset is checked, with a precise reason', () => {
    const good = encodeMailslotWrite({ mailslot: 'sms', data: text('hello') });
    const broken = (change: (b: Uint8Array) => Uint8Array | void) => {
      const copy = good.slice();
      return decodeMailslotWrite(change(copy) ?? copy).problems.join(' | ');
    };
    assert.match(broken((b) => void (b[4] = 0x32)), /SMB command 0x32 is not TRANSACTION/);
    assert.match(broken((b) => void (b[0] = 0)), /does not start with an SMB header/);
    assert.match(broken((b) => void (b[32] = 16)), /WordCount is 16, but SetupCount 3 needs 17/);
    assert.match(broken((b) => void (b[32] = 5)), /WordCount is 5; a transaction request has at least 14/);
    assert.match(broken((b) => void setU16(b, WORD(14), 2)), /mailslot opcode 2 is not a write/);
    assert.match(broken((b) => void setU16(b, BYTE_COUNT, 200)), /ByteCount is 200, but only 19 bytes follow it/);
    assert.match(broken((b) => void setU16(b, WORD(12), 500)), /DataOffset 500 \+ DataCount 5 = 505 runs past the end/);
    assert.match(broken((b) => void setU16(b, WORD(12), 40)), /DataOffset 40 points into the header/);
    assert.match(broken((b) => void setU16(b, WORD(12), 72)), /overlaps the mailslot name/);
    assert.match(broken((b) => void setU16(b, WORD(1), 9)), /TotalDataCount 9 differs from DataCount 5/);
    assert.match(broken((b) => b.subarray(0, 75)), /ByteCount is 19, but only 6 bytes follow it/);
    assert.match(broken((b) => {
      b.fill(0x41, 69, 69 + 14);
      return b;
    }), /no terminating zero/);
    assert.match(broken((b) => b.subarray(0, 20)), /the SMB message is 20 bytes; its header needs 33/);
  });

  test('property: any message and name survive, and never throw when cut anywhere', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9_$-]{1,40}(\\[A-Za-z0-9_$-]{1,10})?$/);
    fc.assert(fc.property(name, fc.uint8Array({ maxLength: 600 }), fc.nat(3), (slot, data, priority) => {
      const bytes = encodeMailslotWrite({ mailslot: slot, data, priority });
      const decoded = decodeMailslotWrite(bytes);
      assert.deepEqual(decoded.problems, []);
      assert.equal(decoded.mailslot, `\\MAILSLOT\\${slot}`);
      assert.deepEqual(decoded.data, data);
      assert.equal(decoded.priority, priority);
      const cut = decodeMailslotWrite(bytes.subarray(0, Math.floor(bytes.length / 2)));
      assert.ok(cut.problems.length > 0 || data.length === 0);
    }), { seed: 25, numRuns: 1000 });
  });
});
