// The folder `npm start` opens: its settings pass Slotpipe's own checks and its header defines the
// struct the demo's pipe watcher decodes with, as the demo's client encodes it (a missing header once
// broke `npm start`).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { checkSettings } from '../../../extension/core/settings';
import { decodeStruct } from '../../../extension/decode/struct-decode';
import { StructRegistry } from '../../../extension/decode/registry';
import { encodeStruct } from '../../../extension/decode/struct-encode';
import { writeDemoWorkspace } from '../../../scripts/demo-workspace.mjs';

test('the demo workspace: valid settings, and the header its watcher decodes with', () => {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-demo-'));
  try {
    writeDemoWorkspace(workspace, { mailslot: '\\\\.\\mailslot\\slotpipe_demo', pipe: '\\\\.\\pipe\\slotpipe-demo-chat', port: 40138 });
    const raw = JSON.parse(fs.readFileSync(path.join(workspace, '.vscode', 'settings.json'), 'utf8'));
    const { settings, problems } = checkSettings({ watchers: raw['slotpipe.watchers'], logCapacity: raw['slotpipe.logCapacity'], headers: raw['slotpipe.headers'] });
    assert.deepEqual(problems, []);
    assert.deepEqual(settings.watchers.map((w) => [w.endpoint, w.decode, w.netbios?.port]), [
      ['\\\\.\\mailslot\\slotpipe_demo', 'struct:MS_MESSAGE', 40138],
      ['\\\\.\\pipe\\slotpipe-demo-chat', 'struct:CHAT_LINE', undefined],
    ]);
    const registry = StructRegistry.withBuiltins();
    for (const header of settings.headers) {
      const summary = registry.addHeader(header, fs.readFileSync(path.join(workspace, header), 'utf8'));
      assert.deepEqual(summary.structs, ['CHAT_LINE']);
    }
    const chatLine = registry.get('CHAT_LINE')!;
    assert.equal(chatLine.size, 32);
    const decoded = decodeStruct(encodeStruct(chatLine, { seq: '7', kind: 'CHAT_QUESTION', text: 'status?' }), chatLine);
    assert.deepEqual(decoded.fields.map((f) => [f.name, f.display]), [
      ['magic', '0x54414843 (CHAT_LINE_MAGIC)'], ['seq', '7'], ['kind', 'CHAT_QUESTION (2)'], ['text', '"status?"'],
    ]);
    assert.match(fs.readFileSync(path.join(workspace, 'README.md'), 'utf8'), /Slotpipe: Show Traffic/);
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
});
