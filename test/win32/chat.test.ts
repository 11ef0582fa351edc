// The mailslot conference on Win32 (under Wine, or on Windows): `slotpipe chat` reads its mailslot and
// prints each line with its sender (the `name: text` convention: a mailslot message has no sender);
// its own lines, sent to the same mailslot, come back and are not shown again. Wine has no `\\*\mailslot\`
// (broadcast needs SMB1 mailslots of a real Windows), so the chat here is local: `\\.\mailslot\…`.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertExitedCleanly, runPeer, uniqueMailslot, winSkip } from './harness';
import { slotpipe, until } from './slotpipe';

describe('slotpipe chat on a local mailslot', { skip: winSkip }, () => {
  test('others\' lines are shown with their sender; our own come back once and are not shown', async () => {
    const name = uniqueMailslot('chat');
    const chat = await slotpipe(['chat', name, '--name', 'WINEUSER'], { stdin: 'pipe' });
    await until(() => /^chatting on .* \(\\\\\.\\mailslot\\.*, sending to .* as "WINEUSER: …"\)/m.test(chat.stderr()), chat, 'the chat to start');
    const alice = await runPeer('sms_send', ['--name', name, '--text', 'alice: hello from a C program', '--count', '1']);
    assertExitedCleanly(alice);
    await until(() => /^alice: hello from a C program$/m.test(chat.stdout()), chat, 'alice\'s line');
    const anonymous = await runPeer('sms_send', ['--name', name, '--text', 'a line without a name', '--nul', '--count', '1']);
    assertExitedCleanly(anonymous);
    await until(() => /^\?: a line without a name$/m.test(chat.stdout()), chat, 'the nameless line');
    chat.stdin!.write('hi, wine here\n');
    chat.stdin!.end();
    const exit = await chat.exited;
    assert.equal(exit.code, 0, exit.stderr);
    assert.equal(exit.stdout.replace(/\r\n/g, '\n'), 'alice: hello from a C program\n?: a line without a name\n');
    assert.match(exit.stderr, /chat ended: 1 line sent, 2 shown, 1 of our own came back and was not shown again/);
  });
});
