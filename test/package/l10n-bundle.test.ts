/**
 * The runtime strings: l10n/bundle.l10n.json (the English bundle that translators start from) holds
 * exactly the strings the extension host passes to vscode.l10n.t and the webview and the watcher manager
 * pass to @vscode/l10n's t (the webview gets the same bundle from the host), as `npm run l10n` extracts
 * them now, and the manifest points VS Code at it. test/e2e/panel-l10n.test.ts shows the panel in them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const temp = fs.mkdtempSync(path.join(os.tmpdir(), `slotpipe-l10n-${crypto.randomBytes(4).toString('hex')}-`));
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;

after(() => fs.rmSync(temp, { recursive: true, force: true }));

test('l10n/bundle.l10n.json is what npm run l10n extracts from the sources now', () => {
  const manifest = readJson(path.join(repoRoot, 'package.json')) as { scripts: Record<string, string> };
  const [tool, ...args] = manifest.scripts.l10n.split(' ');
  const outDir = args.indexOf('-o') + 1;
  assert.ok(outDir > 0, `the l10n script names no output folder: ${manifest.scripts.l10n}`);
  args[outDir] = temp;
  // The tool's own script run by this node (not the .bin shim, which is a .cmd file on Windows).
  const toolDir = path.join(repoRoot, 'node_modules', '@vscode', 'l10n-dev');
  const bin = (readJson(path.join(toolDir, 'package.json')).bin as Record<string, string>)[tool];
  assert.ok(bin, `@vscode/l10n-dev has no command ${tool}`);
  const result = spawnSync(process.execPath, [path.join(toolDir, bin), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(result.status, 0, `${manifest.scripts.l10n} failed:\n${result.stdout}${result.stderr}`);
  const extracted = readJson(path.join(temp, 'bundle.l10n.json'));
  const committed = readJson(path.join(repoRoot, 'l10n', 'bundle.l10n.json'));
  assert.ok(Object.keys(extracted).length > 100, `only ${Object.keys(extracted).length} strings were extracted`);
  // The webview's toolbar, table, detail and conversations, and the manager's untrusted-workspace reason.
  for (const key of ['Pause', 'Resume', 'Time', 'Copy C array', 'Select a message to see its bytes and decoded fields.', 'Conversations',
    'this workspace is not trusted: watchers from its settings do not start (trust the workspace, or move the watcher to your user settings)']) {
    assert.equal(extracted[key], key, `"${key}" is not extracted`);
  }
  assert.deepEqual(committed, extracted, 'l10n/bundle.l10n.json is out of date: run npm run l10n');
});

test('the manifest names the l10n folder, and every user-visible string of the manifest is in package.nls.json', () => {
  const text = fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8');
  const manifest = JSON.parse(text) as { l10n?: string };
  assert.equal(manifest.l10n, './l10n');
  const strings = readJson(path.join(repoRoot, 'package.nls.json'));
  const used = new Set([...text.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]));
  assert.deepEqual([...used].filter((key) => typeof strings[key] !== 'string'), [], 'placeholders without a string');
  assert.deepEqual(Object.keys(strings).filter((key) => !used.has(key)), [], 'strings no placeholder uses');
});
