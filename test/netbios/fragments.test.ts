// A NetBIOS datagram split in two fragments reaches the watcher of its mailslot as two messages (the
// continuation no longer dropped), each saying it is a fragment; a malformed datagram says why, in the
// CLI's text and JSON and in the panel's rows. Loopback only.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sendRaw } from './send-raw';
import type { WatcherSink } from '../../extension/core/backend';
import { parseEndpoint } from '../../extension/core/endpoint';
import { MessageFlag, type RawMessage } from '../../extension/core/message';
import { TrafficLog } from '../../extension/core/traffic-log';
import { StructRegistry } from '../../extension/decode/index';
import { formatMessage } from '../../extension/cli/printer';
import { DatagramType, encodeDatagram } from '../../extension/netbios/datagram';
import { datagramNotes } from '../../extension/netbios/datagram-notes';
import { decodeMailslotDatagram } from '../../extension/netbios/mailslot-datagram';
import { encodeMailslotWrite } from '../../extension/netbios/smb-mailslot';
import { watchDatagrams } from '../../extension/netbios/udp-watcher';
import { Conversations } from '../../extension/core/conversations';
import { PanelResponder } from '../../extension/ui/panel/panel-responder';
import { RateHistory } from '../../extension/ui/panel/rate-history';

const randomPort = () => 20000 + Math.floor(Math.random() * 40000);
const mailslot = `slotpipe_frag_${Math.random().toString(36).slice(2, 8)}`;
const message = new TextEncoder().encode('0123456789'.repeat(51) + 'abcde'); // 515 bytes
const userData = encodeMailslotWrite({ mailslot, data: message });
const split = 300;
const header = { type: DatagramType.directUnique, nodeType: 0, id: 77, sourceIp: '127.0.0.1', sourcePort: 138, sourceName: { name: 'PEER', suffix: 0, scope: '' }, destinationName: { name: 'ME', suffix: 0, scope: '' } };
const first = encodeDatagram({ ...header, more: true, first: true, offset: 0, userData: userData.subarray(0, split) });
const continuation = encodeDatagram({ ...header, more: false, first: false, offset: split, userData: userData.subarray(split) });

async function receive(endpoint: string, datagrams: Uint8Array[], count: number): Promise<RawMessage[]> {
  const port = randomPort();
  const received: RawMessage[] = [];
  const sink: WatcherSink = { messages: (batch) => void received.push(...batch), event: () => {} };
  const watcher = watchDatagrams({ endpoint: parseEndpoint(endpoint), netbios: { bind: '127.0.0.1', port } }, sink);
  await watcher.start();
  try {
    for (const d of datagrams) await sendRaw(d, port);
    for (let i = 0; i < 300 && received.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    await watcher.stop();
  }
  // The watcher's bytes live in shared slabs: copy them out before they are reused.
  return received.map((m) => ({ ...m, bytes: m.bytes.slice(), wire: m.wire?.slice() }));
}

describe('NetBIOS fragments and malformed datagrams', { timeout: 30_000 }, () => {
  test('a first fragment is not malformed: it says how much of the message it holds', () => {
    const decoded = decodeMailslotDatagram(first);
    assert.equal(decoded.malformed, false, decoded.problems.join('; '));
    assert.equal(decoded.mailslot, `\\MAILSLOT\\${mailslot}`);
    assert.match(decoded.problems.join('\n'), /first fragment: \d+ of the message's 515 bytes; the rest follows in the next fragment\(s\)/);
  });

  test("the watcher of the mailslot gets both fragments; each says it is one", async () => {
    const received = await receive(`\\\\.\\mailslot\\${mailslot}`, [first, continuation], 2);
    assert.equal(received.length, 2, 'the continuation is not dropped');
    const joined = new Uint8Array([...received[0].bytes, ...received[1].bytes]);
    assert.deepEqual(joined, message, 'the two parts make the message');
    const notes = received.map((m) => datagramNotes({ ...m, flags: m.flags ?? 0 }));
    assert.match(notes[0].join('\n'), /this is a fragment \(first, more follow, data offset 0\)/);
    assert.match(notes[1].join('\n'), /this is a fragment \(not first, last, data offset 300\)/);
    assert.ok(received.every((m) => !((m.flags ?? 0) & MessageFlag.malformed)));
  });

  test('a malformed datagram says why: CLI text, CLI JSON and the panel rows', async () => {
    const broken = Uint8Array.of(0x10, 0x02, 0, 3, 127, 0, 0, 1, 0, 138, 0, 99);
    const [raw] = await receive('\\\\.\\mailslot\\*', [broken], 1);
    assert.ok((raw.flags ?? 0) & MessageFlag.malformed);
    const log = new TrafficLog(10);
    const [logged] = log.append('w', '\\\\.\\mailslot\\*', [raw]);
    const notes = datagramNotes(logged);
    assert.ok(notes.length > 0 && notes.every((n) => /^(ip\/udp|datagram|smb|browser): \S/.test(n)), notes.join('; '));
    const print = { json: false, decoder: 'auto' as const, registry: StructRegistry.withBuiltins() };
    const line = formatMessage(logged, print);
    assert.ok(line.includes(`(malformed, network) [${notes.join('; ')}]`), line);
    const json = JSON.parse(formatMessage(logged, { ...print, json: true }));
    assert.deepEqual(json.datagramProblems, notes);
    assert.deepEqual(json.flagNames, ['malformed', 'network']);
    assert.equal(json.flags, MessageFlag.malformed | MessageFlag.network);
    const panelLog = new TrafficLog(10);
    const responder = new PanelResponder(panelLog, new RateHistory(), new Conversations(panelLog), () => 2000);
    panelLog.onAppend((batch) => responder.appended(batch));
    panelLog.append('w', '\\\\.\\mailslot\\*', [raw]);
    const { rows } = responder.rows({ fromIndex: 0, count: 10, generation: 0 });
    assert.deepEqual(rows[0].notes, notes);
  });
});
