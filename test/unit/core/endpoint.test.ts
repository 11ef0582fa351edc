import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkMailslotPayload, EndpointError, parseEndpoint, requireLocal } from '../../../extension/core/endpoint';

test('the four mailslot forms of the seed article', () => {
  assert.deepEqual(parseEndpoint('\\\\.\\mailslot\\sms'), { kind: 'mailslot', scope: 'local', host: '.', name: 'sms', path: '\\\\.\\mailslot\\sms' });
  assert.equal(parseEndpoint('\\\\*\\mailslot\\@_MSClient_@').scope, 'broadcast');
  assert.deepEqual(parseEndpoint('\\\\WORKGROUP\\mailslot\\sms'), { kind: 'mailslot', scope: 'remote', host: 'WORKGROUP', name: 'sms', path: '\\\\WORKGROUP\\mailslot\\sms' });
  assert.equal(parseEndpoint('\\\\.\\mailslot\\path\\name').name, 'path\\name');
});

test('pipes, local and on another machine', () => {
  assert.deepEqual(parseEndpoint('\\\\.\\pipe\\ssnp'), { kind: 'pipe', scope: 'local', host: '.', name: 'ssnp', path: '\\\\.\\pipe\\ssnp' });
  assert.equal(parseEndpoint('\\\\orion\\pipe\\ssnp').path, '\\\\orion\\pipe\\ssnp');
});

test('forward slashes, keyword case and bare names with a kind are normalised', () => {
  assert.equal(parseEndpoint('//./pipe/ssnp').path, '\\\\.\\pipe\\ssnp');
  assert.equal(parseEndpoint('\\\\.\\MailSlot\\sms').path, '\\\\.\\mailslot\\sms');
  assert.equal(parseEndpoint('  sms ', 'mailslot').path, '\\\\.\\mailslot\\sms');
  assert.equal(parseEndpoint('a/b', 'pipe').path, '\\\\.\\pipe\\a\\b');
});

test('bad names get an error that says what is wrong', () => {
  const cases: [string, RegExp][] = [
    ['', /empty/],
    ['sms', /expected a name like/],
    ['\\.\\pipe\\x', /two backslashes/],
    ['\\\\\\pipe\\x', /machine part is empty/],
    ['\\\\.', /expected \\mailslot\\ or \\pipe\\/],
    ['\\\\.\\file\\x', /expected "mailslot" or "pipe".*found "file"/],
    ['\\\\.\\pipe\\', /pipe name is empty/],
    ['\\\\.\\mailslot\\a\\\\b', /empty path segment/],
    ['\\\\.\\pipe\\a|b', /character "\|"/],
    ['\\\\.\\pipe\\a\x01b', /character "\\x01"/],
    ['\\\\*\\pipe\\x', /pipes cannot be broadcast/],
    ['\\\\bad host\\pipe\\x', /not a valid machine/],
    [`\\\\.\\pipe\\${'x'.repeat(300)}`, /300 characters long/],
  ];
  for (const [input, reason] of cases) {
    assert.throws(() => parseEndpoint(input), (err: unknown) => err instanceof EndpointError && reason.test(err.message), input);
  }
});

test('"*" names every mailslot (for watching the wire), and only for mailslots', () => {
  assert.equal(parseEndpoint('\\\\.\\mailslot\\*').name, '*');
  assert.throws(() => parseEndpoint('\\\\.\\pipe\\*'), /character "\*"/);
  assert.throws(() => parseEndpoint('\\\\.\\mailslot\\a*'), /character "\*"/);
});

test('only local names can be created', () => {
  assert.equal(requireLocal(parseEndpoint('\\\\.\\mailslot\\sms')).name, 'sms');
  assert.throws(() => requireLocal(parseEndpoint('\\\\*\\mailslot\\sms')), /can only be created on this computer; use \\\\\.\\mailslot\\sms/);
  assert.throws(() => requireLocal(parseEndpoint('\\\\orion\\pipe\\ssnp')), /pipe can only be created/);
});

test('messages leaving the computer are limited to 424 bytes', () => {
  checkMailslotPayload(parseEndpoint('\\\\.\\mailslot\\sms'), 60000);
  checkMailslotPayload(parseEndpoint('\\\\*\\mailslot\\sms'), 424);
  assert.throws(() => checkMailslotPayload(parseEndpoint('\\\\*\\mailslot\\sms'), 425), /425 bytes.*limited to 424/);
  assert.throws(() => checkMailslotPayload(parseEndpoint('\\\\host\\mailslot\\sms'), 1000), /limited to 424/);
  checkMailslotPayload(parseEndpoint('\\\\host\\pipe\\p'), 100000);
});
