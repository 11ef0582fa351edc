/**
 * Whatever a JSON Lines capture holds, a record that loads never breaks later: it is logged, written again
 * as a record that matches docs/capture-record.schema.json, its time and peer shown as the panel shows
 * them, and (network traffic) exported as pcapng. Records of every field and type are generated; those the
 * loader refuses are refused with their line.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { fromRecordLine, RecordError, toRecord } from '../../../extension/capture/capture-record';
import { MessageFlag } from '../../../extension/core/message';
import { describePeer } from '../../../extension/core/peer-text';
import { TrafficLog } from '../../../extension/core/traffic-log';
import { writePcapng } from '../../../extension/netbios/pcapng-writer';
import { formatTime } from '../../../webview/row-text';

const root = path.resolve(import.meta.dirname, '../../..');
const validate = new Ajv2020({ strict: true }).compile(JSON.parse(fs.readFileSync(path.join(root, 'docs/capture-record.schema.json'), 'utf8')));

const anything = fc.oneof(fc.constant(undefined), fc.constant(null), fc.boolean(), fc.double(), fc.integer(), fc.string(), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
const hexText = fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('hex'));
/** Mostly a good value, now and then anything at all: most records load, and every field is tried wrong. */
const field = <T>(good: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 12 }, { arbitrary: anything, weight: 1 });
const record = fc.record({
  seq: field(fc.integer({ min: 1, max: 1e9 })),
  time: field(fc.oneof(fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }), fc.constant(1e20))),
  iso: field(fc.string()),
  watcherId: field(fc.string({ minLength: 1 })),
  endpoint: field(fc.oneof(fc.constant('\\\\.\\mailslot\\sms'), fc.string({ minLength: 1 }))),
  direction: field(fc.constantFrom('in', 'out')),
  peer: field(fc.record({ pid: field(fc.nat()), image: fc.string(), name: field(fc.string()), address: fc.string(), connection: fc.nat() }, { requiredKeys: [] })),
  flags: field(fc.oneof(fc.integer({ min: 0, max: 7 }), fc.constant(['network']))),
  size: fc.constant(undefined),
  hex: field(hexText),
  wireHex: field(fc.oneof(hexText, hexText.map((h) => `${h}0`))),
  text: field(fc.string()),
  flagNames: field(fc.array(fc.constantFrom('truncated', 'malformed', 'network'))),
  decoded: fc.constant(undefined),
}, { requiredKeys: ['time', 'endpoint', 'direction', 'hex'] });

test('a record that loads is logged, written again to the schema, shown and exported without an error', () => {
  let loaded = 0;
  fc.assert(fc.property(record, (value) => {
    const line = JSON.stringify(value);
    let message;
    try {
      message = fromRecordLine(line, 3);
    } catch (err) {
      assert.ok(err instanceof RecordError, String(err));
      assert.match((err as Error).message, /^line 3: /);
      assert.ok((err as Error).message.length < 400, 'a readable error');
      return;
    }
    loaded++;
    const log = new TrafficLog(4);
    const [logged] = log.append(message.watcherId, message.endpoint, [message.raw]);
    const again = JSON.parse(JSON.stringify(toRecord(logged)));
    assert.ok(validate(again), JSON.stringify(validate.errors));
    assert.equal(typeof describePeer(logged.peer), 'string');
    assert.doesNotMatch(formatTime(logged.time), /NaN/);
    if (logged.flags & MessageFlag.network && logged.wire) writePcapng([logged]);
  }), { numRuns: 3000, seed: 13 });
  assert.ok(loaded > 100, `enough records loaded to mean something (${loaded})`);
});
