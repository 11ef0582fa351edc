import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BROWSE_MAILSLOT, BrowserCommand, decodeBrowserMessage, LANMAN_MAILSLOT, serverTypeNames } from '../../../extension/netbios/browser';
import { encodeAnnouncement, encodeGetBackupListRequest, encodeGetBackupListResponse, encodeRequestElection } from '../../../extension/netbios/browser-encode';
import { decodeMailslotDatagram } from '../../../extension/netbios/mailslot-datagram';
import { datagramCorpus } from './corpus';

describe('browser protocol', () => {
  test('host, local master and domain announcements', () => {
    const host = decodeBrowserMessage(BROWSE_MAILSLOT, encodeAnnouncement({
      command: BrowserCommand.hostAnnouncement, updateCount: 2, periodicity: 720_000, serverName: 'HOST', serverType: 0x00041003, comment: 'a comment',
    }))!;
    assert.equal(host.commandName, 'Host Announcement');
    assert.deepEqual(host.problems, []);
    assert.equal(host.fields.serverName, 'HOST');
    assert.equal(host.fields.periodicity, 720_000);
    assert.equal(host.fields.comment, 'a comment');
    assert.deepEqual(host.fields.serverTypeNames, ['workstation', 'server', 'nt workstation', 'master browser']);
    const domain = decodeBrowserMessage('\\mailslot\\browse', encodeAnnouncement({
      command: BrowserCommand.domainAnnouncement, periodicity: 1, serverName: 'WORKGROUP', serverType: 0x80001000, comment: 'MASTER',
    }))!;
    assert.equal(domain.fields.workgroup, 'WORKGROUP');
    assert.equal(domain.fields.masterBrowser, 'MASTER');
    assert.ok((domain.fields.serverTypeNames as string[]).includes('domain enum'));
  });

  test('election, backup list request and response', () => {
    const election = decodeBrowserMessage(BROWSE_MAILSLOT, encodeRequestElection({ criteria: 0x20011003, uptime: 99, serverName: 'HOST' }))!;
    assert.deepEqual([election.commandName, election.fields.criteria, election.fields.uptime, election.fields.serverName], ['Request Election', 0x20011003, 99, 'HOST']);
    const request = decodeBrowserMessage(BROWSE_MAILSLOT, encodeGetBackupListRequest(4, 0xcafe))!;
    assert.deepEqual([request.fields.requestedCount, request.fields.token], [4, 0xcafe]);
    const response = decodeBrowserMessage(BROWSE_MAILSLOT, encodeGetBackupListResponse(0xcafe, ['A', 'BB']))!;
    assert.deepEqual(response.fields.backupServers, ['A', 'BB']);
    assert.deepEqual(response.problems, []);
  });

  test('the LAN Manager announcement on \\MAILSLOT\\LANMAN', () => {
    // Command, update count, server type, OS version, periodicity in seconds, name, comment (as Wireshark reads it).
    const bytes = Uint8Array.of(1, 2, 0x03, 0x10, 0, 0, 4, 0, 0x2c, 0x01, ...Buffer.from('LMHOST\0old box\0'));
    const message = decodeBrowserMessage(LANMAN_MAILSLOT, bytes)!;
    assert.equal(message.mailslot, 'LANMAN');
    assert.deepEqual(message.problems, []);
    assert.deepEqual([message.fields.serverName, message.fields.comment, message.fields.periodicity, message.fields.osVersionMajor, message.fields.updateCount], ['LMHOST', 'old box', 300_000, 4, 2]);
    assert.match(decodeBrowserMessage(LANMAN_MAILSLOT, Uint8Array.of(9))!.problems.join(), /unknown LAN Manager command 0x09/);
  });

  test('other mailslots are not browser traffic', () => {
    assert.equal(decodeBrowserMessage('\\MAILSLOT\\sms', Uint8Array.of(1)), undefined);
  });

  test('cut and unknown messages say what is missing', () => {
    const announcement = encodeAnnouncement({ command: 1, periodicity: 1, serverName: 'HOST', serverType: 3, comment: 'c' });
    assert.match(decodeBrowserMessage(BROWSE_MAILSLOT, announcement.subarray(0, 20))!.problems.join(), /serverName needs 16 bytes at offset 6, but the message ends at 20/);
    assert.match(decodeBrowserMessage(BROWSE_MAILSLOT, announcement.subarray(0, announcement.length - 1))!.problems.join(), /comment at offset 32 has no terminating zero/);
    const badSignature = announcement.slice();
    badSignature[30] = 0;
    assert.match(decodeBrowserMessage(BROWSE_MAILSLOT, badSignature)!.problems.join(), /signature is 0xaa00/);
    assert.match(decodeBrowserMessage(BROWSE_MAILSLOT, Uint8Array.of(0x77))!.problems.join(), /unknown browser command 0x77/);
    assert.match(decodeBrowserMessage(BROWSE_MAILSLOT, new Uint8Array(0))!.problems.join(), /empty/);
    assert.match(decodeBrowserMessage(BROWSE_MAILSLOT, encodeGetBackupListResponse(1, ['A', 'B']).subarray(0, 8))!.problems.join(), /entry 2 of 2/);
  });

  test("nmbd's real browser datagrams decode cleanly", () => {
    const commands = new Set<string>();
    for (const { name, bytes } of datagramCorpus().filter((f) => f.name.startsWith('nmbd'))) {
      const decoded = decodeMailslotDatagram(bytes);
      assert.deepEqual(decoded.problems, [], name);
      if (decoded.browser) commands.add(`${decoded.browser.mailslot} ${decoded.browser.commandName}`);
    }
    for (const expected of ['LANMAN Host Announcement', ...['Host Announcement', 'Request Election', 'Local Master Announcement', 'Domain/Workgroup Announcement', 'Get Backup List Response'].map((c) => `BROWSE ${c}`)]) {
      assert.ok(commands.has(expected), `${expected} in ${[...commands].join(', ')}`);
    }
  });

  test('server type bits have names', () => {
    assert.deepEqual(serverTypeNames(0x80000001), ['workstation', 'domain enum']);
  });
});
