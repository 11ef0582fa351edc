/**
 * The panel's detail for real headers, in headless Chromium under the webview's CSP (the panel
 * harness): a message of a header that #includes another, with nested unions, anonymous members, bit
 * fields, a tagged body and the SDK's types, from an x86 watcher. The rows show each bit field's
 * bits, the chosen member only, and the SDK structs readably.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { StructRegistry } from '../../extension/decode/registry';
import { encodeStruct } from '../../extension/decode/struct-encode';
import { filesFromMap } from '../../extension/decode/includes';
import { repoRoot } from './code-server';
import { harnessForSuite } from './panel-harness';
import { tableRows } from './workbench';

interface Harness {
  appendFrom(watcher: { id: string; endpoint: string; decode: string; arch?: string }, bytes: number[]): void;
  setHeaders(headers: { fileName: string; path?: string; source: string }[], included?: { path: string; source: string }[], includePath?: string[]): void;
}
declare const slotpipeHarness: Harness;

const SHARED = fs.readFileSync(path.join(repoRoot, 'test/fixtures/headers/unions-bits.h'), 'utf8');
const MAIN = `#include "unions-bits.h"\n#define VK_MESSAGE_ID 0x564b4d31\n`;

/** The message as the x86 peer would send it, built with Slotpipe's encoder for the same header. */
function message(): number[] {
  const registry = StructRegistry.withBuiltins('x86');
  registry.addHeader('/proj/proto.h', MAIN, filesFromMap(new Map([['/shared/unions-bits.h', SHARED]]), ['/shared']));
  return [...encodeStruct(registry.get('VK_MESSAGE')!, {
    'body.status.code': '503', 'body.status.when.QuadPart': '-20', r: '200', g: '100', b: '50', a: '255', dx: '-3', dy: '12',
    'written.dwLowDateTime': String(133_000_000_123_456_789n & 0xffffffffn), 'written.dwHighDateTime': String(133_000_000_123_456_789n >> 32n),
    'area.left': '10', 'area.top': '20', 'area.right': '110', 'area.bottom': '70', 'at.x': '-4', 'at.y': '9',
  })];
}

describe('the detail pane shows unions, bit fields and tagged messages', { timeout: 120_000 }, () => {
  const suite = harnessForSuite();

  it('lays the message out for its watcher, with each row readable', async () => {
    const { page, console } = suite.current;
    await page.evaluate((args) => {
      slotpipeHarness.setHeaders([{ fileName: 'proto.h', path: '/proj/proto.h', source: args.main }], [{ path: '/shared/unions-bits.h', source: args.shared }], ['/shared']);
      slotpipeHarness.appendFrom({ id: 'vk', endpoint: '\\\\.\\mailslot\\vk', decode: 'auto', arch: 'x86' }, args.bytes);
    }, { main: MAIN, shared: SHARED, bytes: message() });
    await page.locator('.sp-rows .sp-row:not([hidden])', { hasText: 'VK_MESSAGE' }).click();
    const table = page.locator('.sp-fields');
    await table.waitFor();
    const rows = await tableRows(table.locator('tr'));
    const row = (name: string) => rows.find((r) => r[1] === name) ?? assert.fail(`no row ${name} in ${JSON.stringify(rows)}`);
    assert.match((await page.locator('.sp-reason').innerText()), /^Decoded as struct:VK_MESSAGE \(laid out for x86\) — auto: /);
    assert.deepEqual(row('kind'), ['0x0004', 'kind', 'VK_KIND', 'VK_STATUS (2)']);
    assert.deepEqual(row('body'), ['0x0008', 'body', 'union {…}', 'status: { code: 503, when: -20 } (kind = VK_STATUS)']);
    assert.ok(!rows.some((r) => r[1] === 'ping' || r[1] === 'fileInfo'), 'the members the tag does not choose are hidden');
    assert.deepEqual(row('code'), ['0x0008', 'code', 'DWORD', '503']);
    assert.deepEqual(row('QuadPart'), ['0x0010', 'QuadPart', 'LONGLONG', '-20']);
    assert.deepEqual(row('rgba'), ['0x0020', 'rgba', 'DWORD', '4281492680 (0xff3264c8)']);
    assert.deepEqual(row('dx'), ['0x0024.0–5', 'dx', 'SHORT : 6', '-3, bits 0–5']);
    assert.deepEqual(row('dy'), ['0x0024.6–11', 'dy', 'SHORT : 6', '12, bits 6–11']);
    assert.deepEqual(row('written'), ['0x0028', 'written', 'FILETIME', '2022-06-18 04:26:52.3456789 UTC']);
    assert.deepEqual(row('area'), ['0x0040', 'area', 'RECT', '(10, 20)–(110, 70), 100×50']);
    assert.deepEqual(row('at'), ['0x0050', 'at', 'POINT', '(-4, 9)']);
    assert.deepEqual(row('id'), ['0x0030', 'id', 'GUID', '{00000000-0000-0000-0000-000000000000}']);
    // Nested rows are indented under their union and struct.
    assert.ok(rows.some((r) => r[1] === '(anonymous union)') && rows.some((r) => r[1] === '(anonymous struct)'));
    assert.deepEqual(console.filter((line) => /error|violat/i.test(line)), []);
  });
});
