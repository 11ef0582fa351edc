import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSettings, DEFAULT_LOG_CAPACITY, DEFAULT_LOG_MEGABYTES, DEFAULT_UNANSWERED_AFTER_MS, logMaxBytes } from '../../../extension/core/settings';

test('defaults when nothing is set', () => {
  const { settings, problems } = checkSettings({});
  assert.deepEqual(settings, { watchers: [], logCapacity: DEFAULT_LOG_CAPACITY, logMaxMegabytes: DEFAULT_LOG_MEGABYTES, headers: [], headerArchs: {}, includePath: [], arch: 'x64', defines: [], captureFile: '', unansweredAfterMs: DEFAULT_UNANSWERED_AFTER_MS, serverAnnouncements: [], chat: {} });
  assert.equal(logMaxBytes(settings), 1024 * 1024 * 1024);
  assert.deepEqual(problems, []);
});

test('a full watcher passes unchanged, with defaults for decode and autoStart', () => {
  const full = {
    endpoint: '\\\\.\\pipe\\ssnp', decode: 'struct:MS_MESSAGE', header: 'ms_protocol.h', autoStart: true, maxMessageSize: 424,
    readTimeout: 200, pipeMode: 'byte', direction: 'inbound', maxInstances: 4, allowRemoteClients: false,
  };
  const { settings, problems } = checkSettings({ watchers: [full, { endpoint: '//./mailslot/sms' }] });
  assert.deepEqual(problems, []);
  assert.deepEqual(settings.watchers, [full, { endpoint: '//./mailslot/sms', decode: 'auto', autoStart: false }]);
});

test('every problem names the setting, the index and the property; bad entries are left out', () => {
  const { settings, problems } = checkSettings({
    watchers: [
      { endpoint: '\\\\.\\pipe\\good' },
      'text',
      { endpoint: '\\\\.\\mailbox\\x' },
      { endpoint: '\\\\.\\mailslot\\a', decode: 'rot13', maxInstances: 0, pipeMode: 'stream', colour: 'red' },
      { endpoint: '\\\\HOST\\pipe\\remote' },
      { endpoint: '\\\\.\\PIPE\\GOOD' },
      { endpoint: '\\\\.\\mailslot\\nb', netbios: { port: 70000, bind: 'localhost' } },
    ],
    logCapacity: 2.5,
    logMaxMegabytes: 0,
    headers: ['a.h', 7],
    captureFile: 42,
    unansweredAfterMs: -5,
  });
  assert.deepEqual(settings.watchers.map((w) => w.endpoint), ['\\\\.\\pipe\\good']);
  const expected = [
    /^slotpipe\.watchers\[1\]: expected an object/,
    /^slotpipe\.watchers\[2\]\.endpoint: .*expected "mailslot" or "pipe"/,
    /^slotpipe\.watchers\[3\]\.colour: unknown property/,
    /^slotpipe\.watchers\[3\]\.decode: unknown decoder "rot13"/,
    /^slotpipe\.watchers\[3\]\.maxInstances: expected a whole number from 1 to 255, found number 0/,
    /^slotpipe\.watchers\[3\]\.pipeMode: expected one of "message", "byte", found "stream"/,
    /^slotpipe\.watchers\[4\]\.endpoint: a pipe can only be watched on this computer/,
    /^slotpipe\.watchers\[5\]\.endpoint: .* is already watched by slotpipe\.watchers\[0\]/,
    /^slotpipe\.watchers\[6\]\.netbios\.port: expected a whole number from 1 to 65535/,
    /^slotpipe\.watchers\[6\]\.netbios\.bind: expected an IP address/,
    /^slotpipe\.logCapacity: expected a whole number from 1 to 10000000, found number 2\.5/,
    /^slotpipe\.logMaxMegabytes: expected a whole number from 1 to 65536, found number 0/,
    /^slotpipe\.headers\[1\]: expected the path of a C header file, found number 7/,
    /^slotpipe\.captureFile: expected a file path/,
    /^slotpipe\.unansweredAfterMs: expected a whole number from 1 to 3600000, found number -5/,
  ];
  for (const pattern of expected) assert.ok(problems.some((p) => pattern.test(p)), `no problem matching ${pattern} in:\n${problems.join('\n')}`);
  assert.equal(problems.length, expected.length);
  assert.equal(settings.logCapacity, DEFAULT_LOG_CAPACITY);
  assert.equal(settings.logMaxMegabytes, DEFAULT_LOG_MEGABYTES);
  assert.deepEqual(settings.headers, ['a.h']);
  assert.equal(settings.unansweredAfterMs, DEFAULT_UNANSWERED_AFTER_MS);
});

test('a watchers value that is not an array is named', () => {
  const { problems } = checkSettings({ watchers: { endpoint: '\\\\.\\pipe\\x' } });
  assert.deepEqual(problems, ['slotpipe.watchers: expected an array of watchers, found an object']);
});

test('decoder aliases of the decoders are accepted as written', () => {
  const { settings, problems } = checkSettings({ watchers: [{ endpoint: '\\\\.\\mailslot\\x', decode: 'utf-16le' }] });
  assert.deepEqual(problems, []);
  assert.equal(settings.watchers[0].decode, 'utf-16le');
});

test('slotpipe.headers entries may name the target of their header; slotpipe.arch and slotpipe.includePath are checked', () => {
  const { settings, problems } = checkSettings({
    headers: ['a.h', { path: 'old32.h', arch: 'x86' }, { path: 'b.h', arch: 'sparc' }, { path: 'c.h', size: 1 }],
    arch: 'arm64',
    includePath: ['inc', ''],
  });
  assert.deepEqual(settings.headers, ['a.h', 'old32.h', 'b.h', 'c.h']);
  assert.deepEqual(settings.headerArchs, { 'old32.h': 'x86' });
  assert.equal(settings.arch, 'arm64');
  assert.deepEqual(settings.includePath, ['inc']);
  assert.deepEqual(problems, [
    'slotpipe.headers[2]: "arch" is "sparc"; expected "x64", "x86" or "arm64"',
    'slotpipe.headers[3]: unknown property "size" (a header entry has "path" and "arch")',
    'slotpipe.includePath[1]: expected the path of a folder, found ""',
  ]);
  assert.deepEqual(checkSettings({ arch: 'x32' }).problems, ['slotpipe.arch: expected "x64", "x86" or "arm64", found "x32"']);
  const defines = checkSettings({ defines: ['UNICODE', 'VERSION=0x10', 'bad name', 7] });
  assert.deepEqual(defines.settings.defines, ['UNICODE', 'VERSION=0x10']);
  assert.deepEqual(defines.problems, ['slotpipe.defines[2]: expected NAME or NAME=integer, found "bad name"', 'slotpipe.defines[3]: expected NAME or NAME=integer, found number 7']);
});

test('server announcement mappings and the chat settings: good ones kept, bad ones named', () => {
  const { settings, problems } = checkSettings({
    serverAnnouncements: [{ struct: 'SERVER_HELLO', address: ['host', 'addr'], port: 'port' }, { struct: 'X', address: 'a b', port: 7 }, 'no'],
    chat: { to: '10.77.1.255', port: 13800, name: 'ALICE', colour: 1 },
  });
  assert.deepEqual(settings.serverAnnouncements, [{ struct: 'SERVER_HELLO', address: ['host', 'addr'], port: 'port' }]);
  assert.deepEqual(settings.chat, { to: '10.77.1.255', port: 13800, name: 'ALICE' });
  assert.deepEqual(problems, [
    'slotpipe.serverAnnouncements[1].address: expected a field name or a list of them, found "a b"',
    'slotpipe.serverAnnouncements[1].port: expected a field name, found number 7',
    'slotpipe.serverAnnouncements[2]: expected an object like {"struct": "SERVER_HELLO", "address": "host", "port": "port"}, found "no"',
    'slotpipe.chat.colour: unknown property (known: to, port, name)',
  ]);
  assert.deepEqual(checkSettings({ chat: { to: 'everyone', port: 0, name: 'A NAME LONGER THAN 15' } }).problems.length, 3);
});

test('a watcher intercepts the server of its own name or proxies to another, not both', () => {
  const { settings, problems } = checkSettings({ watchers: [{ endpoint: '\\\\.\\pipe\\x', intercept: true, proxyTo: '\\\\.\\pipe\\y' }, { endpoint: '\\\\.\\pipe\\z', intercept: true }] });
  assert.deepEqual(problems, ['slotpipe.watchers[0].intercept: a watcher either intercepts the server of its own name or proxies to "proxyTo", not both']);
  assert.deepEqual(settings.watchers.map((w) => [w.endpoint, w.intercept]), [['\\\\.\\pipe\\z', true]]);
});
