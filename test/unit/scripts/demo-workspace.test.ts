// The folder `npm start` opens: its settings pass Slotpipe's own checks and its header defines the
// struct the demo's watcher decodes with (a missing header once broke `npm start`).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { checkSettings } from '../../../extension/core/settings';
import { StructRegistry } from '../../../extension/decode/registry';
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
      ['\\\\.\\pipe\\slotpipe-demo-chat', 'text', undefined],
    ]);
    const registry = StructRegistry.withBuiltins();
    for (const header of settings.headers) {
      const summary = registry.addHeader(header, fs.readFileSync(path.join(workspace, header), 'utf8'));
      assert.deepEqual(summary.structs, ['MS_MESSAGE']);
    }
    assert.equal(registry.get('MS_MESSAGE')?.size, 32);
    assert.match(fs.readFileSync(path.join(workspace, 'README.md'), 'utf8'), /Slotpipe: Show Traffic/);
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
});
