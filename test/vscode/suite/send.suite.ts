/** Send Message reaches a watcher (through the backends, to a loopback UDP port off Windows) and is logged as outgoing. */
import { watcherId } from '../../../extension/core/endpoint';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { freeUdpPort, messagesOf, setWatchers, slotpipe, text, uniqueName, waitFor } from './harness';

describe('Send Message', () => {
  const mailslot = `\\\\.\\mailslot\\${uniqueName('send')}`;
  const id = watcherId(mailslot);

  before(async () => {
    const port = await freeUdpPort();
    await setWatchers([{ endpoint: mailslot, decode: 'auto', autoStart: true, netbios: { port, bind: '127.0.0.1' } }]);
    const api = await slotpipe();
    await waitFor('the watcher listening', () => api.manager.get(id)?.state === 'listening');
  });

  after(async () => {
    await vscode.commands.executeCommand('slotpipe.stopRepeat');
    await setWatchers([]);
  });

  it('sends text, UTF-16, hex and an MS_MESSAGE struct with its magic filled in', async () => {
    const api = await slotpipe();
    const payloads = [
      { form: 'text', text: 'plain text' },
      { form: 'utf16', text: 'wide' },
      { form: 'hex', hex: 'de ad be ef' },
      { form: 'struct', name: 'MS_MESSAGE', values: { ipStr: '127.0.0.1', ip: '127.0.0.1', port: '5000' } },
    ];
    for (const payload of payloads) {
      const result = await vscode.commands.executeCommand<{ size: number }>('slotpipe.sendMessage', { endpoint: mailslot, payload });
      assert.ok(result, `sending ${payload.form} returned a result`);
    }
    const received = await waitFor('four messages received', () => {
      const found = messagesOf(api, id);
      return found.length >= 4 ? found : undefined;
    });
    assert.equal(text(received[0].bytes), 'plain text');
    assert.deepEqual([...received[1].bytes], [0x77, 0, 0x69, 0, 0x64, 0, 0x65, 0]);
    assert.deepEqual([...received[2].bytes], [0xde, 0xad, 0xbe, 0xef]);
    assert.equal(received[3].bytes.length, 32);
    assert.deepEqual([...received[3].bytes.subarray(0, 4)], [0xdd, 0xcc, 0xbb, 0xaa], 'msg_id 0xaabbccdd, little endian');
    const sent = messagesOf(api, `sent:${id}`);
    assert.equal(sent.length, 4);
    assert.ok(sent.every((m) => m.direction === 'out'));
  });

  it('refuses a bad payload with a message naming it, and sends nothing', async () => {
    const api = await slotpipe();
    const before = messagesOf(api, `sent:${id}`).length;
    const result = await vscode.commands.executeCommand('slotpipe.sendMessage', { endpoint: mailslot, payload: { form: 'hex', hex: 'zz' } });
    assert.equal(result, undefined);
    assert.equal(messagesOf(api, `sent:${id}`).length, before);
  });

  it('repeats every N seconds until stopped', async () => {
    const api = await slotpipe();
    const marker = `repeat ${Math.random()}`;
    await vscode.commands.executeCommand('slotpipe.sendMessage', { endpoint: mailslot, payload: marker, repeatSeconds: 0.2 });
    assert.deepEqual(api.repeater.active(), [mailslot]);
    await waitFor('three repeated messages', () => messagesOf(api, id).filter((m) => text(m.bytes) === marker).length >= 3);
    const stopped = await vscode.commands.executeCommand<number>('slotpipe.stopRepeat');
    assert.equal(stopped, 1);
    assert.deepEqual(api.repeater.active(), []);
  });
});
