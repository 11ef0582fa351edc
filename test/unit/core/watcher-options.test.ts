// The watcher option table is the one source: package.json's schema, package.nls.json's help, the
// settings check and `slotpipe watch`'s flags all follow it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { checkSettings } from '../../../extension/core/settings';
import { NETBIOS_WATCH_OPTIONS, optionHelp, WATCHER_OPTIONS, type WatcherOption } from '../../../extension/core/watcher-options';
import { flagHelp, flagValues } from '../../../extension/cli/watcher-flags';

const root = path.resolve(import.meta.dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
const watcherSchema = manifest.contributes.configuration.properties['slotpipe.watchers'].items;

/** The JSON schema a row of the table stands for. */
function schemaOf(option: WatcherOption, key: string): Record<string, unknown> {
  const schema: Record<string, unknown> = { type: option.type === 'integer' || option.type === 'boolean' ? option.type : 'string' };
  if (option.default !== undefined) schema.default = option.default;
  if (option.type === 'integer') Object.assign(schema, { minimum: option.min, maximum: option.max });
  if (option.type === 'enum') schema.enum = option.values;
  if (option.type === 'string' || option.type === 'pipe') schema.pattern = '\\S';
  if (option.type === 'address') schema.pattern = '^[0-9.]+$|^[0-9a-fA-F:]+$';
  schema.markdownDescription = `%slotpipe.config.watchers.${key}%`;
  return schema;
}

function holdsToTable(table: Record<string, WatcherOption>, properties: Record<string, unknown>, prefix: string): void {
  for (const [name, option] of Object.entries(table)) {
    const key = `${prefix}${name}`;
    const expected = schemaOf(option, key);
    assert.deepEqual(properties[name], expected, `package.json slotpipe.watchers: "${name}" should read ${JSON.stringify(expected, null, 2)}`);
    const help = optionHelp(option, 'markdown');
    assert.equal(nls[`slotpipe.config.watchers.${key}`], help, `package.nls.json: "slotpipe.config.watchers.${key}" should read ${JSON.stringify(help)}`);
  }
}

test("package.json's watcher schema and package.nls.json's help follow the option table", () => {
  assert.deepEqual(Object.keys(watcherSchema.properties), ['endpoint', 'decode', 'header', 'autoStart', ...Object.keys(WATCHER_OPTIONS), 'netbios']);
  assert.equal(watcherSchema.additionalProperties, false);
  holdsToTable(WATCHER_OPTIONS, watcherSchema.properties, '');
  const netbios = watcherSchema.properties.netbios;
  assert.equal(netbios.additionalProperties, false);
  assert.deepEqual(Object.keys(netbios.properties), Object.keys(NETBIOS_WATCH_OPTIONS));
  holdsToTable(NETBIOS_WATCH_OPTIONS, netbios.properties, 'netbios.');
});

test('the settings accept each option at its limits and name it past them', () => {
  for (const [name, option] of Object.entries(WATCHER_OPTIONS) as [string, WatcherOption][]) {
    const good = option.type === 'integer' ? [option.min, option.max] : option.type === 'enum' ? option.values : option.type === 'boolean' ? [true, false] : option.type === 'pipe' ? ['\\\\.\\pipe\\real', 'real'] : ['D:P(A;;GA;;;WD)'];
    const bad = option.type === 'integer' ? [option.min! - 1, option.max! + 1, 1.5] : option.type === 'pipe' ? ['\\\\.\\mailslot\\x', '', 3] : ['', 'nonsense-value', 3].filter((v) => !(option.type === 'string' && v === 'nonsense-value'));
    for (const value of good!) {
      const { settings, problems } = checkSettings({ watchers: [{ endpoint: '\\\\.\\pipe\\x', [name]: value }] });
      assert.deepEqual(problems, [], `${name}: ${value}`);
      assert.equal((settings.watchers[0] as unknown as Record<string, unknown>)[name], value);
    }
    for (const value of bad) {
      const { settings, problems } = checkSettings({ watchers: [{ endpoint: '\\\\.\\pipe\\x', [name]: value }] });
      assert.equal(problems.length, 1, `${name}: ${JSON.stringify(value)} → ${problems.join('; ')}`);
      assert.match(problems[0], new RegExp(`^slotpipe\\.watchers\\[0\\]\\.${name}: \\S`));
      assert.deepEqual(settings.watchers, []);
    }
  }
});

test("slotpipe watch's flags take the same limits and show each option's help and default", () => {
  const help = flagHelp(WATCHER_OPTIONS);
  for (const option of Object.values(WATCHER_OPTIONS) as WatcherOption[]) {
    assert.match(help, new RegExp(`^  --${option.flag} .*${option.kinds.join(', ')}: `, 'm'));
    if (option.type === 'integer') {
      assert.deepEqual(flagValues({ x: option }, { [option.flag]: String(option.max) }), { x: option.max });
      assert.throws(() => flagValues({ x: option }, { [option.flag]: String(option.max! + 1) }), new RegExp(`--${option.flag} takes a whole number from ${option.min} to ${option.max}`));
    }
  }
  assert.match(help, /--read-timeout MS +mailslot: how long an idle read waits before it wakes and reads again, in\s+milliseconds;[^]*\(default none\)/);
  assert.match(help, /--max-instances N +pipe: how many clients may be connected at once \(default unlimited\)/);
  assert.match(help, /--pipe-security SDDL +pipe: [^]*\(default D:P\(A;;GA;;;SY\)\(A;;GA;;;\{user\}\)\)/);
  assert.throws(() => flagValues(WATCHER_OPTIONS, { 'proxy-to': '\\\\.\\mailslot\\x' }), /--proxy-to: expected a pipe name/);
  assert.throws(() => flagValues(NETBIOS_WATCH_OPTIONS, { bind: 'somewhere' }), /--bind: expected an IP address/);
});
