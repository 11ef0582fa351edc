// Every TypeScript file of the project type-checks, including those no test imports (the benchmarks'
// notes, scripts): the bundler strips types without checking them. `npm run typecheck` is `tsc -b` over
// the layers' projects (tsconfig.json), so an import across a layer it may not cross fails here too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it, test } from 'node:test';

const root = path.resolve(import.meta.dirname, '../..');

test('npm run typecheck (tsc -b over every project) finds no type errors', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(manifest.scripts.typecheck, 'tsc -b');
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', root], { encoding: 'utf8' });
  assert.equal(tsc.status, 0, `${tsc.stdout}${tsc.stderr}`);
});

// A file put in a layer's project that imports across the layer's edge must not compile.
describe('the layers hold', () => {
  fs.mkdirSync(path.join(root, '.cache'), { recursive: true });
  const probes = fs.mkdtempSync(path.join(root, '.cache', 'layer-probe-'));
  after(() => fs.rmSync(probes, { recursive: true, force: true }));

  const compile = (name: string, project: string, source: string) => {
    const dir = path.join(probes, name);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'probe.ts'), source);
    const relative = (to: string) => path.relative(dir, path.join(root, to)).split(path.sep).join('/');
    const base = JSON.parse(fs.readFileSync(path.join(root, project, 'tsconfig.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '')) as { references?: { path: string }[] };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      extends: relative(`${project}/tsconfig.json`),
      // Declarations go into the probe's folder (rootDir the repository, so none lands beside a source).
      compilerOptions: { outDir: 'out', rootDir: relative('.'), tsBuildInfoFile: 'out/probe.tsbuildinfo' },
      include: ['probe.ts'],
      references: (base.references ?? []).map((ref) => ({ path: relative(path.join(project, ref.path)) })),
    }));
    const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8' });
    return `${tsc.stdout}${tsc.stderr}`;
  };

  it('core/ sees no vscode, no node and no DOM', () => {
    const out = compile('core', 'extension/core', [
      "import * as vscode from 'vscode';",
      "import fs from 'node:fs';",
      'export const a = vscode.window;',
      'export const b = fs.readFileSync;',
      'export const c = document.title;',
      'export const d = process.pid;',
    ].join('\n'));
    assert.match(out, /probe\.ts\(3,\d+\): error TS2339: Property 'window' does not exist/, out);
    assert.match(out, /probe\.ts\(2,\d+\): error TS2591: Cannot find name 'node:fs'/, out);
    assert.match(out, /probe\.ts\(5,\d+\): error TS2584: Cannot find name 'document'/, out);
    assert.match(out, /probe\.ts\(6,\d+\): error TS2591: Cannot find name 'process'/, out);
  });

  it('the webview imports core/ and decode/ but nothing else of the host, and no koffi', () => {
    const out = compile('webview', 'webview', [
      "import { parseEndpoint } from '../../../extension/core/endpoint';",
      "import { decode } from '../../../extension/decode/index';",
      "import { readSettings } from '../../../extension/ui/settings-source';",
      "import koffi from 'koffi';",
      'export const a = [parseEndpoint, decode, readSettings, koffi.load, document.title];',
    ].join('\n'));
    assert.doesNotMatch(out, /probe\.ts\((1|2),/, out);
    assert.match(out, /error TS6307: File '.*extension\/ui\/settings-source\.ts' is not listed within the file list of project/, out);
    assert.match(out, /probe\.ts\(5,\d+\): error TS2339: Property 'load' does not exist/, out);
  });

  it('the host does not import the webview', () => {
    const out = compile('host', 'extension', "import { formatTime } from '../../../webview/row-text';\nexport const a = formatTime;\n");
    assert.match(out, /error TS6307: File '.*webview\/row-text\.ts' is not listed within the file list of project/, out);
  });

  it('writes no declaration beside the sources', () => {
    const written = ['extension', 'webview'].flatMap((folder) => fs.readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.d.ts') && !file.endsWith('globals.d.ts')).map((file) => path.join(folder, file)));
    assert.deepEqual(written, []);
  });
});
