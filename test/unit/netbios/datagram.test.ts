import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DatagramType, decodeDatagram, encodeDatagram, encodeDatagramError, MAX_USER_DATA, type DirectDatagramFields } from '../../../extension/netbios/datagram';
import { encodeNetbiosName } from '../../../extension/netbios/netbios-name';
import { datagramCorpus } from './corpus';

const fields = (over: Partial<DirectDatagramFields> = {}): DirectDatagramFields => ({
  type: DatagramType.directUnique, more: false, first: true, nodeType: 0, id: 0x1234, sourceIp: '10.1.2.3', sourcePort: 138,
  sourceName: { name: 'SRC', suffix: 0, scope: '' }, destinationName: { name: 'DST', suffix: 0x20, scope: '' }, userData: Uint8Array.of(1, 2, 3),
  ...over,
});

describe('NetBIOS datagram header', () => {
  test('the 14-byte header of a direct datagram, in network byte order', () => {
    const bytes = encodeDatagram(fields({ nodeType: 2, id: 0xbeef, sourcePort: 0x1389 }));
    assert.deepEqual([...bytes.subarray(0, 10)], [0x10, 0x02 | (2 << 2), 0xbe, 0xef, 10, 1, 2, 3, 0x13, 0x89]);
    const length = (bytes[10] << 8) | bytes[11];
    assert.equal(length, 34 + 34 + 3, 'DGM_LENGTH counts both names and the user data, not the header');
    assert.equal(bytes.length, 14 + length);
  });

  test('decoding gives back every field', () => {
    const original = fields({ type: DatagramType.directGroup, nodeType: 3, offset: 0 });
    const decoded = decodeDatagram(encodeDatagram(original));
    assert.deepEqual(decoded.problems, []);
    assert.equal(decoded.typeName, 'direct group');
    for (const key of ['type', 'more', 'first', 'nodeType', 'id', 'sourceIp', 'sourcePort', 'sourceName', 'destinationName', 'userData'] as const) {
      assert.deepEqual(decoded[key], original[key], key);
    }
    assert.equal(decoded.fragment, false);
  });

  test('error and query datagrams', () => {
    const error = decodeDatagram(encodeDatagramError({ type: 0x13, more: false, first: true, nodeType: 0, id: 7, sourceIp: '1.2.3.4', sourcePort: 138 }, 0x82));
    assert.equal(error.typeName, 'error');
    assert.equal(error.errorCode, 0x82);
    assert.deepEqual(error.problems, []);
    const query = Uint8Array.of(...encodeDatagram(fields()).subarray(0, 10), ...encodeNetbiosName({ name: 'WANTED', suffix: 0, scope: '' }));
    query[0] = DatagramType.queryRequest;
    const decoded = decodeDatagram(query);
    assert.equal(decoded.typeName, 'query request');
    assert.deepEqual(decoded.problems, []);
    assert.equal(decoded.destinationName?.name, 'WANTED', 'the query names one name right after the 10-byte header');
  });

  test('fragments are reported, not reassembled', () => {
    const decoded = decodeDatagram(encodeDatagram(fields({ more: true, first: true })));
    assert.equal(decoded.fragment, true);
    assert.match(decoded.problems.join(), /fragment \(first, more follow, data offset 0\)/);
  });

  test('problems are precise and the bytes stay available', () => {
    const good = encodeDatagram(fields());
    const longer = Uint8Array.of(...good, 9, 9);
    assert.match(decodeDatagram(longer).problems.join(), /DGM_LENGTH says 71 bytes follow the header, but 73 do/);
    assert.deepEqual([...decodeDatagram(longer).userData!], [1, 2, 3], 'trailing bytes beyond DGM_LENGTH are not user data');
    const flagged = good.slice();
    flagged[1] |= 0x80;
    assert.match(decodeDatagram(flagged).problems.join(), /reserved flag bits are set \(flags 0x82\)/);
    const unknown = good.slice();
    unknown[0] = 0x42;
    assert.match(decodeDatagram(unknown).problems.join(), /unknown datagram type 0x42/);
    assert.match(decodeDatagram(good.subarray(0, 5)).problems.join(), /5 bytes; its header alone needs 10/);
    assert.match(decodeDatagram(good.subarray(0, 30)).problems.join(), /source name: .*cut off/);
    assert.throws(() => encodeDatagram(fields({ userData: new Uint8Array(0xffff) })), /DGM_LENGTH counts at most 65535/);
    assert.deepEqual(decodeDatagram(encodeDatagram(fields({ userData: new Uint8Array(MAX_USER_DATA + 64) }))).problems, [], 'Samba-sized datagrams are fine');
  });

  test('the real captured datagrams decode without problems (except the cut control datagram)', () => {
    for (const { name, bytes } of datagramCorpus()) {
      const decoded = decodeDatagram(bytes);
      if (name.includes('-020-')) assert.ok(decoded.problems.length > 0, name);
      else assert.deepEqual(decoded.problems, [], name);
    }
  });

  test('property: header fields survive encoding', () => {
    const ip = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
    fc.assert(fc.property(
      fc.constantFrom(0x10, 0x11, 0x12), fc.boolean(), fc.boolean(), fc.nat(3), fc.nat(0xffff), ip, fc.nat(0xffff),
      fc.uint8Array({ maxLength: MAX_USER_DATA }),
      (type, more, first, nodeType, id, sourceIp, sourcePort, userData) => {
        const original = fields({ type, more, first, nodeType, id, sourceIp, sourcePort, userData });
        const decoded = decodeDatagram(encodeDatagram(original));
        assert.equal(decoded.id, id);
        assert.equal(decoded.sourceIp, sourceIp);
        assert.equal(decoded.sourcePort, sourcePort);
        assert.equal(decoded.more, more);
        assert.equal(decoded.first, first);
        assert.equal(decoded.nodeType, nodeType);
        assert.deepEqual(decoded.userData, userData);
        assert.equal(decoded.problems.length, decoded.fragment ? 1 : 0);
      },
    ), { seed: 4, numRuns: 1000 });
  });
});
