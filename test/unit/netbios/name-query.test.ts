import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeNameQueryResponse, encodeNameQuery } from '../../../extension/netbios/name-query';
import { decodeNetbiosName, encodeNetbiosName } from '../../../extension/netbios/netbios-name';

/** A response as RFC 1002 §4.2.13 lays it out, built from the request the way a name server answers. */
function response(id: number, rcode: number, addresses: [number, string][], pointer = false): Uint8Array {
  const name = encodeNetbiosName({ name: 'TARGET', suffix: 0, scope: '' });
  const rdata = addresses.flatMap(([flags, ip]) => [flags >> 8, flags & 0xff, ...ip.split('.').map(Number)]);
  const rrName = pointer ? [0xc0, 12] : [...name];
  const question = pointer ? [...name, 0, 0x20, 0, 1] : [];
  return Uint8Array.of(id >> 8, id & 0xff, 0x85, rcode, 0, pointer ? 1 : 0, 0, 1, 0, 0, 0, 0,
    ...question, ...rrName, 0, 0x20, 0, 1, 0, 0, 0, 60, 0, rdata.length, ...rdata);
}

describe('NetBIOS name query', () => {
  test('the request: header, the name, type NB, class IN; broadcast flag when broadcast', () => {
    const query = encodeNameQuery(0x1234, { name: 'TARGET', suffix: 0x20, scope: '' }, true);
    assert.deepEqual([...query.subarray(0, 12)], [0x12, 0x34, 0x01, 0x10, 0, 1, 0, 0, 0, 0, 0, 0]);
    const name = decodeNetbiosName(query, 12);
    assert.ok(name.ok && name.value.name === 'TARGET' && name.value.suffix === 0x20);
    assert.deepEqual([...query.subarray(-4)], [0, 0x20, 0, 1]);
    assert.equal(encodeNameQuery(1, { name: 'X', suffix: 0, scope: '' }, false)[3], 0x00);
  });

  test('a positive response gives the addresses; group names are marked', () => {
    const decoded = decodeNameQueryResponse(response(7, 0, [[0x0000, '10.77.1.2'], [0x8000, '10.77.1.3']]));
    assert.ok(decoded?.ok);
    assert.equal(decoded.id, 7);
    assert.deepEqual(decoded.addresses, [{ address: '10.77.1.2', group: false }, { address: '10.77.1.3', group: true }]);
  });

  test('a compressed answer name is followed', () => {
    const decoded = decodeNameQueryResponse(response(8, 0, [[0, '1.2.3.4']], true));
    assert.ok(decoded?.ok);
    assert.equal(decoded.name.name, 'TARGET');
  });

  test('negative and broken responses say why; requests are not responses', () => {
    const negative = decodeNameQueryResponse(response(9, 3, []));
    assert.ok(negative && !negative.ok);
    assert.match(negative.reason, /error 3 \(name not found\)/);
    const cut = response(9, 0, [[0, '1.2.3.4']]).subarray(0, 60);
    assert.match((decodeNameQueryResponse(cut) as { reason: string }).reason, /cut off/);
    assert.equal(decodeNameQueryResponse(encodeNameQuery(1, { name: 'X', suffix: 0, scope: '' }, true)), undefined);
  });
});
