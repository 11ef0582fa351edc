import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FilterError, MessageFilter, indexOfBytes, parseFilter, type FilterableMessage } from '../../../extension/core/panel-filter';

const ascii = (text: string) => new TextEncoder().encode(text);
const wide = (text: string) => new Uint8Array([...text].flatMap((c) => [c.charCodeAt(0), 0]));

function message(over: Partial<FilterableMessage> = {}): FilterableMessage {
  return { endpoint: '\\\\.\\mailslot\\sms', direction: 'in', bytes: ascii('Hello World\0'), ...over };
}

describe('parseFilter', () => {
  it('reads every term kind', () => {
    const terms = parseFilter('hello hex:aabb 0xCCDD endpoint:sms ep:x dir:out in peer:1234 -"two words"');
    assert.deepEqual(terms.map((t) => t.kind), ['text', 'bytes', 'bytes', 'endpoint', 'endpoint', 'direction', 'direction', 'peer', 'text']);
    assert.deepEqual(terms[1], { kind: 'bytes', bytes: new Uint8Array([0xaa, 0xbb]), negate: false });
    assert.deepEqual(terms[2], { kind: 'bytes', bytes: new Uint8Array([0xcc, 0xdd]), negate: false });
    assert.deepEqual(terms[5], { kind: 'direction', direction: 'out', negate: false });
    assert.deepEqual(terms[8], { kind: 'text', text: 'two words', negate: true });
  });

  it('accepts spaced hex inside quotes', () => {
    assert.deepEqual(parseFilter('"hex:dd cc bb aa"'), [{ kind: 'bytes', bytes: new Uint8Array([0xdd, 0xcc, 0xbb, 0xaa]), negate: false }]);
  });

  it('is empty for blank input', () => {
    assert.deepEqual(parseFilter('   '), []);
  });

  it('names what is wrong', () => {
    assert.throws(() => parseFilter('hex:abc'), (e: unknown) => e instanceof FilterError && /odd number of digits/.test(e.message));
    assert.throws(() => parseFilter('hex:zz'), (e: unknown) => e instanceof FilterError && /"z" is not a hex digit/.test(e.message));
    assert.throws(() => parseFilter('hex:'), (e: unknown) => e instanceof FilterError && /at least one byte/.test(e.message));
    assert.throws(() => parseFilter('dir:sideways'), (e: unknown) => e instanceof FilterError && /"in" or "out".*sideways/.test(e.message));
    assert.throws(() => parseFilter('endpoint:'), (e: unknown) => e instanceof FilterError && /endpoint: needs a value/.test(e.message));
    assert.throws(() => parseFilter('conn:x'), (e: unknown) => e instanceof FilterError && /conn: takes a conversation number, as in conn:3/.test(e.message));
    assert.throws(() => parseFilter('conn:0'), (e: unknown) => e instanceof FilterError && /conversation number/.test(e.message));
    assert.throws(() => new MessageFilter('conn:2'), (e: unknown) => e instanceof FilterError && /not available here/.test(e.message));
    assert.throws(() => parseFilter('"open'), (e: unknown) => e instanceof FilterError && /quote is not closed/.test(e.message));
  });
});

describe('MessageFilter', () => {
  it('conn:N keeps the messages of conversation N, as the lookup numbers them', () => {
    const lookup = { numberOf: (m: FilterableMessage) => (m.peer?.connection === undefined ? undefined : m.peer.connection + 10) };
    const filter = new MessageFilter('conn:#12 dir:in', lookup);
    assert.equal(filter.matches(message({ peer: { connection: 2 } })), true);
    assert.equal(filter.matches(message({ peer: { connection: 3 } })), false);
    assert.equal(filter.matches(message()), false, 'no connection');
    assert.equal(new MessageFilter('-conversation:12', lookup).matches(message({ peer: { connection: 2 } })), false);
  });

  it('matches text in UTF-8 and UTF-16LE bytes, ignoring letter case', () => {
    const filter = new MessageFilter('WORLD');
    assert.equal(filter.matches(message()), true);
    assert.equal(filter.matches(message({ bytes: wide('hello world') })), true);
    assert.equal(filter.matches(message({ bytes: ascii('nothing here') })), false);
  });

  it('matches text in the endpoint and the peer', () => {
    assert.equal(new MessageFilter('sms').matches(message({ bytes: new Uint8Array() })), true);
    assert.equal(new MessageFilter('client.exe').matches(message({ bytes: new Uint8Array(), peer: { pid: 42, image: 'C:\\bin\\client.exe' } })), true);
    assert.equal(new MessageFilter('peer:42').matches(message({ peer: { pid: 42 } })), true);
    assert.equal(new MessageFilter('peer:10.0.0.5').matches(message({ peer: { address: '10.0.0.5:138' } })), true);
    assert.equal(new MessageFilter('peer:42').matches(message()), false);
  });

  it('matches bytes exactly, endpoint and direction', () => {
    const bytes = new Uint8Array([0xdd, 0xcc, 0xbb, 0xaa, 1, 2]);
    assert.equal(new MessageFilter('hex:bbaa01').matches(message({ bytes })), true);
    assert.equal(new MessageFilter('hex:aabb').matches(message({ bytes })), false);
    assert.equal(new MessageFilter('endpoint:SMS').matches(message()), true);
    assert.equal(new MessageFilter('endpoint:pipe').matches(message()), false);
    assert.equal(new MessageFilter('out').matches(message()), false);
    assert.equal(new MessageFilter('dir:in').matches(message()), true);
  });

  it('needs every term and honours negation', () => {
    assert.equal(new MessageFilter('hello dir:in').matches(message()), true);
    assert.equal(new MessageFilter('hello dir:out').matches(message()), false);
    assert.equal(new MessageFilter('-hello').matches(message()), false);
    assert.equal(new MessageFilter('-out hello').matches(message()), true);
  });

  it('matches everything when empty', () => {
    const filter = new MessageFilter('');
    assert.equal(filter.matchesEverything, true);
    assert.equal(filter.matches(message({ bytes: new Uint8Array() })), true);
  });
});

describe('indexOfBytes', () => {
  it('finds needles at the edges and reports -1 otherwise', () => {
    const hay = new Uint8Array([1, 2, 3, 4]);
    assert.equal(indexOfBytes(hay, new Uint8Array([1, 2]), false), 0);
    assert.equal(indexOfBytes(hay, new Uint8Array([3, 4]), false), 2);
    assert.equal(indexOfBytes(hay, new Uint8Array([4, 5]), false), -1);
    assert.equal(indexOfBytes(hay, new Uint8Array(), false), 0);
    assert.equal(indexOfBytes(new Uint8Array(), new Uint8Array([1]), false), -1);
  });
});
