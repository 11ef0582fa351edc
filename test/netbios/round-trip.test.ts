// Sender → watcher over loopback: 10,000 MS_MESSAGE announcements (32 bytes, little endian:
// DWORD msg_id = 0xaabbccdd; char ipStr[20]; DWORD ip; UINT port), none lost, order kept, every
// byte as sent. The port field carries the message's number so order can be checked.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { WatcherEvent, WatcherSink } from '../../extension/core/backend';
import { parseEndpoint } from '../../extension/core/endpoint';
import { MessageFlag, type RawMessage } from '../../extension/core/message';
import { decodeMailslotDatagram } from '../../extension/netbios/mailslot-datagram';
import { openDatagramSender } from '../../extension/netbios/udp-sender';
import { watchDatagrams } from '../../extension/netbios/udp-watcher';

const COUNT = 10_000;
const MS_MESSAGE_ID = 0xaabbccdd;

function msMessage(ipText: string, ip: [number, number, number, number], port: number): Uint8Array {
  const bytes = new Uint8Array(32);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MS_MESSAGE_ID, true);
  for (let i = 0; i < ipText.length; i++) bytes[4 + i] = ipText.charCodeAt(i);
  bytes.set(ip, 24);
  view.setUint32(28, port, true);
  return bytes;
}

describe('NetBIOS round trip over loopback', { timeout: 120_000 }, () => {
  const name = `slotpipe_rt_${Math.random().toString(36).slice(2, 8)}`;
  const port = 20000 + Math.floor(Math.random() * 40000);
  const received: RawMessage[] = [];
  const events: WatcherEvent[] = [];
  let allIn: () => void = () => {};
  const done = new Promise<void>((resolve) => (allIn = resolve));
  const sink: WatcherSink = {
    messages(batch) {
      received.push(...batch);
      if (received.length >= COUNT) allIn();
    },
    event(event) {
      events.push(event);
    },
  };
  const watcher = watchDatagrams({ endpoint: parseEndpoint(`\\\\.\\mailslot\\${name}`), netbios: { bind: '127.0.0.1', port } }, sink);
  after(() => watcher.stop());

  test(`${COUNT} MS_MESSAGE structs arrive complete and in order`, async () => {
    await watcher.start();
    // A datagram for another mailslot on the same port must not reach this watcher.
    const other = await openDatagramSender(parseEndpoint('\\\\.\\mailslot\\slotpipe_rt_other'), { to: '127.0.0.1', port, name: 'SLOTPIPE' });
    await other.send(msMessage('0.0.0.0', [0, 0, 0, 0], 0xffffffff));
    await other.close();
    const sender = await openDatagramSender(parseEndpoint(`\\\\.\\mailslot\\${name}`), { to: '127.0.0.1', port, name: 'SLOTPIPE' });
    const started = performance.now();
    for (let i = 0; i < COUNT; i++) await sender.send(msMessage('127.0.0.1', [127, 0, 0, 1], i));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`only ${received.length} of ${COUNT} arrived`)), 30_000)))]);
    clearTimeout(timer);
    const seconds = (performance.now() - started) / 1000;
    await sender.close();
    console.log(`round trip: ${COUNT} messages in ${seconds.toFixed(2)} s (${Math.round(COUNT / seconds)} messages/s)`);

    assert.equal(received.length, COUNT);
    received.forEach((message, i) => {
      const view = new DataView(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength);
      assert.equal(message.bytes.length, 32);
      assert.equal(view.getUint32(0, true), MS_MESSAGE_ID);
      assert.equal(view.getUint32(28, true), i, `message ${i} is out of order`);
      assert.deepEqual(message.bytes, msMessage('127.0.0.1', [127, 0, 0, 1], i));
      assert.equal(message.flags, MessageFlag.network);
      assert.equal(message.peer?.name, 'SLOTPIPE<00>');
      assert.equal(decodeMailslotDatagram(message.wire!.subarray(28)).mailslot, `\\MAILSLOT\\${name}`);
    });
    assert.deepEqual(events.map((e) => e.type), ['listening']);
  });
});
