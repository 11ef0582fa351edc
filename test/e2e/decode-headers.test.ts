/**
 * Real headers in real VS Code (code-server): slotpipe.headers names a header that #includes another
 * and <windows.h>; the header worker follows the include, the panel lays the x86 watcher's messages
 * out with 4-byte handles and shows the status body its kind chooses, the bit fields with their bits
 * and the SDK's types readably.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStatusMessage } from './status-service';
import { tableRows } from './workbench';

describe('real headers decode in the workbench', { timeout: 600_000 }, () => {
  it('a 32-bit service\'s tagged message, from a header that includes another', async () => {
    const { session, panel } = await openStatusMessage('Default Dark Modern', { width: 1440, height: 1100 });
    try {
      const rows = await tableRows(panel.locator('.sp-fields tr'));
      const row = (name: string) => rows.find((r) => r[1] === name) ?? assert.fail(`no row ${name} in ${JSON.stringify(rows)}`);
      assert.match(await panel.locator('.sp-reason').innerText(), /^Decoded as struct:SP_MESSAGE \(laid out for x86\) — auto: 88 bytes and magic = 0x31505053 \(SP_MESSAGE_ID\) match SP_MESSAGE/);
      assert.deepEqual(row('priority'), ['0x0004.4–6', 'priority', 'WORD : 3', '3, bits 4–6']);
      assert.deepEqual(row('urgent'), ['0x0004.7', 'urgent', 'WORD : 1', '1, bit 7']);
      assert.deepEqual(row('kind'), ['0x0008', 'kind', 'SP_KIND', 'SP_STATUS (2)']);
      assert.match(row('body')[3], /^status: \{ code: 503, uptime: 864000000000, started: 2024-12-06 23:06:40\.0000000 UTC, job: 0x000001a4 \} \(kind = SP_STATUS\)$/);
      assert.ok(!rows.some((r) => r[1] === 'ping' || r[1] === 'fileInfo'), 'the members the kind does not choose are hidden');
      assert.deepEqual(row('job'), ['0x0028', 'job', 'HANDLE', '0x000001a4']);
      assert.deepEqual(row('session'), ['0x0038', 'session', 'GUID', '{6B29FC40-CA47-1067-B31D-00DD010662DA}']);
      assert.deepEqual(row('window'), ['0x0048', 'window', 'RECT', '(100, 80)–(900, 680), 800×600']);
      assert.deepEqual(session.dialogs, []);
    } finally {
      await session.close();
    }
  });
});
