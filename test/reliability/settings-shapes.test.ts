// Settings of any type and shape (what a hand-edited settings.json can hold): the runtime check never
// throws, names the setting of every problem, and hands on only values of the right type.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkSettings, MAX_LOG_CAPACITY, MAX_LOG_MEGABYTES } from '../../extension/core/settings';
import { WATCHER_OPTION_NAMES } from '../../extension/core/watcher-options';

const WATCHER_FIELDS = ['endpoint', 'decode', 'header', 'autoStart', ...WATCHER_OPTION_NAMES, 'netbios'];

/** Mostly plausible watcher entries with fields of the wrong type, plus anything at all. */
const watcherArb = fc.oneof(
  fc.record(Object.fromEntries(WATCHER_FIELDS.map((f) => [f, fc.oneof(
    fc.constantFrom('\\\\.\\pipe\\x', '\\\\.\\mailslot\\y', '//./pipe/z', 'struct:MS_MESSAGE', 'hex', 'message', 'inbound', '', ' ', '\\\\', '\\\\*\\pipe\\p'),
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(-1, 0, 1, 1.5, 255, 256, 65536, 1e300, Number.NaN, Number.POSITIVE_INFINITY, true, null),
    fc.record({ port: fc.jsonValue({ maxDepth: 1 }), bind: fc.jsonValue({ maxDepth: 1 }), extra: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }),
  )])), { requiredKeys: [] }),
  fc.anything(),
);

const settingsArb = fc.record({
  watchers: fc.oneof(fc.array(watcherArb, { maxLength: 5 }), fc.anything()),
  logCapacity: fc.oneof(fc.integer(), fc.double(), fc.jsonValue({ maxDepth: 1 })),
  logMaxMegabytes: fc.oneof(fc.integer(), fc.double(), fc.jsonValue({ maxDepth: 1 })),
  headers: fc.oneof(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 4 }), fc.anything()),
  captureFile: fc.oneof(fc.string(), fc.anything()),
}, { requiredKeys: [] });

test('any value in any setting: no throw, every problem names its setting, only well-typed values pass', () => {
  fc.assert(fc.property(settingsArb, (raw) => {
    const { settings, problems } = checkSettings(raw);
    for (const problem of problems) assert.match(problem, /^slotpipe\.(watchers(\[\d+\])?(\.[\w$]+|\[".*?"\])*|logCapacity|logMaxMegabytes|headers(\[\d+\])?|captureFile): \S/, problem);
    assert.ok(Number.isInteger(settings.logCapacity) && settings.logCapacity >= 1 && settings.logCapacity <= MAX_LOG_CAPACITY);
    assert.ok(Number.isInteger(settings.logMaxMegabytes) && settings.logMaxMegabytes >= 1 && settings.logMaxMegabytes <= MAX_LOG_MEGABYTES);
    assert.ok(settings.headers.every((h) => typeof h === 'string' && h.trim() !== ''));
    assert.equal(typeof settings.captureFile, 'string');
    for (const w of settings.watchers) {
      assert.equal(typeof w.endpoint, 'string');
      assert.equal(typeof w.decode, 'string');
      assert.equal(typeof w.autoStart, 'boolean');
      for (const key of Object.keys(w)) assert.ok(WATCHER_FIELDS.includes(key), `unknown key ${key} handed on`);
      for (const key of ['maxMessageSize', 'readTimeout', 'maxInstances'] as const) if (w[key] !== undefined) assert.ok(Number.isInteger(w[key]));
      if (w.netbios) {
        for (const key of Object.keys(w.netbios)) assert.ok(key === 'port' || key === 'bind', `netbios.${key} handed on`);
        if (w.netbios.port !== undefined) assert.ok(Number.isInteger(w.netbios.port));
        if (w.netbios.bind !== undefined) assert.equal(typeof w.netbios.bind, 'string');
      }
    }
    // A value the check did not take is always explained.
    const given = Array.isArray(raw.watchers) ? raw.watchers.length : raw.watchers === undefined || raw.watchers === null ? 0 : 1;
    if (settings.watchers.length < given) assert.ok(problems.some((p) => p.startsWith('slotpipe.watchers')), 'a left-out watcher is explained');
  }), { seed: 0x5e77, numRuns: 3000 });
});

test('an unknown property inside netbios is named, like one on the watcher itself', () => {
  const { settings, problems } = checkSettings({ watchers: [{ endpoint: '\\\\.\\mailslot\\nb', netbios: { port: 13800, adress: '127.0.0.1' } }] });
  assert.deepEqual(problems, ['slotpipe.watchers[0].netbios.adress: unknown property (known: port, bind)']);
  assert.deepEqual(settings.watchers, []);
});
