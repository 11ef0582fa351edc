import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FromWebview, PanelChannel, ToWebview, type FromWebviewMessage, type ToWebviewMessage,
} from '../../../extension/core/panel-protocol';

/** Two channels wired back to back, as the host and the webview are (delivery is asynchronous there too). */
function pair() {
  const host: PanelChannel<FromWebviewMessage, ToWebviewMessage> = new PanelChannel((m) => queueMicrotask(() => webview.receive(m)));
  const webview: PanelChannel<ToWebviewMessage, FromWebviewMessage> = new PanelChannel((m) => queueMicrotask(() => host.receive(m)));
  return { host, webview };
}

describe('PanelChannel', () => {
  it('answers requests by id, each with its own body', async () => {
    const { host, webview } = pair();
    host.onRequest(FromWebview.GetRows, ({ fromIndex, count, generation }) => ({
      generation, rows: [], bytes: new Uint8Array(Array.from({ length: count }, (_, i) => fromIndex + i)).buffer,
    }));
    const [a, b] = await Promise.all([
      webview.request(FromWebview.GetRows, { fromIndex: 1, count: 2, generation: 7 }),
      webview.request(FromWebview.GetRows, { fromIndex: 10, count: 3, generation: 7 }),
    ]);
    assert.deepEqual([...new Uint8Array(a.bytes)], [1, 2]);
    assert.deepEqual([...new Uint8Array(b.bytes)], [10, 11, 12]);
    assert.equal(a.generation, 7);
  });

  it('turns a handler error into a rejected request', async () => {
    const { host, webview } = pair();
    host.onRequest(FromWebview.SetFilter, async () => {
      throw new Error('the log is gone');
    });
    await assert.rejects(webview.request(FromWebview.SetFilter, { text: 'x' }), /the log is gone/);
  });

  it('delivers events to the handler for their type', async () => {
    const { host, webview } = pair();
    const seen: boolean[] = [];
    let toggles = 0;
    host.on(FromWebview.FollowChanged, ({ follow }) => seen.push(follow));
    webview.on(ToWebview.TogglePause, () => toggles++);
    webview.send({ type: FromWebview.FollowChanged, follow: true });
    webview.send({ type: FromWebview.FollowChanged, follow: false });
    host.send({ type: ToWebview.TogglePause });
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.deepEqual(seen, [true, false]);
    assert.equal(toggles, 1);
  });

  it('refuses messages nobody handles, and responses nobody waits for', () => {
    const { webview } = pair();
    assert.throws(() => webview.receive({ type: ToWebview.Watchers, watchers: [] }), /no handler for message type "watchers"/);
    assert.throws(() => webview.receive({ type: ToWebview.Response, id: 99 }), /unknown request 99/);
  });

  it('rejects waiting requests when disposed', async () => {
    const webview: PanelChannel<ToWebviewMessage, FromWebviewMessage> = new PanelChannel(() => {});
    const waiting = webview.request(FromWebview.SetFilter, { text: '' });
    webview.dispose();
    await assert.rejects(waiting, /the panel was closed/);
  });
});
