/**
 * The shipped VSIX files, built here by `scripts/package.mjs` (the code behind `npm run package`) for the
 * two targets checked: win32-x64 is opened and its contents checked (the right koffi binary and nothing
 * else native, only bundles and assets, the size limit, a complete manifest); linux-x64 is installed
 * into code-server by its own installer, listed, and then run in its real extension host, where it
 * must activate, register its commands and open the traffic panel.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { codeServerFolders, isInstalled as codeServerInstalled, runCodeServerCommand } from '../../scripts/setup/code-server.mjs';
import { runSuiteInCodeServer } from '../vscode/code-server-run';
import { identifyNative } from './native-binary';
import { ZipArchive } from './zip-archive';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const id = crypto.randomBytes(4).toString('hex');
const temp = fs.mkdtempSync(path.join(os.tmpdir(), `slotpipe-package-${id}-`));
const vsixDir = path.join(temp, 'vsix');
/** The in-host suite sits beside the repository's node_modules, so that it loads mocha from there. */
const suiteDir = path.join(repoRoot, '.vscode-test', 'runs', `package-${id}`);
const vsixOf = (target: string) => path.join(vsixDir, `${manifest.name}-${target}-${manifest.version}.vsix`);
const WIN32_X64_LIMIT = 2 * 1024 * 1024;

/** What a VSIX may hold: vsce's own files, the manifest and its strings, the page, assets, bundles, one native file. */
const ALLOWED_ENTRIES = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/package\.nls(\.[a-z-]+)?\.json$/,
  /^extension\/l10n\/bundle\.l10n(\.[a-z-]+)?\.json$/,
  /^extension\/(readme|changelog)\.md$/,
  /^extension\/LICENSE\.txt$/,
  /^extension\/media\/[\w./-]+\.(png|svg|css|md)$/,
  /^extension\/dist\/[\w-]+\.js$/,
  /^extension\/dist\/koffi\/\w+\/koffi\.node$/,
];
const BUNDLES = ['extension.js', 'cli.js', 'win32-worker.js', 'header-worker.js', 'webview.js'];

let packageOutput = '';

before(() => {
  const result = spawnSync(process.execPath, ['scripts/package.mjs', '--targets=win32-x64,linux-x64', `--out=${vsixDir}`], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 600_000,
  });
  packageOutput = `${result.stdout}${result.stderr}`;
  assert.equal(result.status, 0, `scripts/package.mjs failed:\n${packageOutput}`);
});

after(() => {
  fs.rmSync(temp, { recursive: true, force: true });
  fs.rmSync(suiteDir, { recursive: true, force: true });
});

describe('npm run package', { timeout: 600_000 }, () => {
  it('prints the size of each VSIX it built', () => {
    for (const target of ['win32-x64', 'linux-x64']) {
      assert.match(packageOutput, new RegExp(`^${target}\\s+[\\d.]+ (KB|MB)\\s+${path.basename(vsixOf(target)).replaceAll('.', '\\.')}$`, 'm'));
      assert.ok(fs.existsSync(vsixOf(target)), `${vsixOf(target)} was not written`);
    }
  });
});

describe('the win32-x64 VSIX', () => {
  let vsix: ZipArchive;
  before(() => {
    vsix = new ZipArchive(vsixOf('win32-x64'));
  });

  it(`is at most ${WIN32_X64_LIMIT / 1024 / 1024} MB`, () => {
    const bytes = fs.statSync(vsixOf('win32-x64')).size;
    assert.ok(bytes <= WIN32_X64_LIMIT, `${bytes} bytes`);
  });

  it('is marked for win32-x64', () => {
    assert.match(vsix.read('extension.vsixmanifest').toString('utf8'), /TargetPlatform="win32-x64"/);
  });

  it('holds only bundles, assets and the manifest: no sources, tests, maps or node_modules', () => {
    assert.deepEqual(vsix.names.filter((name) => !ALLOWED_ENTRIES.some((pattern) => pattern.test(name))), []);
    assert.deepEqual(vsix.names.filter((name) => /node_modules|\.map$|\.tsx?$|(^|\/)test\//.test(name)), []);
  });

  it('holds the x64 Windows koffi binary and no other native file', () => {
    const natives = vsix.names.filter((name) => name.endsWith('.node') || name.endsWith('.dll') || name.endsWith('.exe'));
    assert.deepEqual(natives, ['extension/dist/koffi/win32_x64/koffi.node']);
    assert.deepEqual(identifyNative(vsix.read(natives[0])), { os: 'win32', arch: 'x64' });
  });

  it('holds every bundle, with koffi bundled and loaded from dist/koffi rather than node_modules', () => {
    for (const bundle of BUNDLES) assert.ok(vsix.names.includes(`extension/dist/${bundle}`), `dist/${bundle} is missing`);
    const code = BUNDLES.map((bundle) => vsix.read(`extension/dist/${bundle}`).toString('utf8'));
    assert.deepEqual(code.filter((text) => /require\(["']koffi["']\)|require\(["']@koromix\//.test(text)).length, 0);
    assert.ok(code.some((text) => text.includes('"win32_x64"')), 'no bundle carries the loader for koffi/win32_x64');
  });

  it('has a complete marketplace manifest', () => {
    const packaged = JSON.parse(vsix.read('extension/package.json').toString('utf8'));
    assert.ok(vsix.names.includes(path.posix.join('extension', packaged.main)), `main ${packaged.main} is not packaged`);
    assert.deepEqual(packaged.extensionKind, ['ui', 'workspace']);
    assert.match(packaged.engines.vscode, /^\^1\.\d+\.\d+$/);
    assert.equal(packaged.license, 'MIT');
    for (const keyword of ['mailslot', 'named pipe', 'IPC', 'Win32', 'NetBIOS']) assert.ok(packaged.keywords.includes(keyword), keyword);
    for (const field of ['categories', 'galleryBanner', 'repository', 'bugs']) assert.ok(packaged[field], `${field} is missing`);
    for (const page of ['extension/readme.md', 'extension/changelog.md', 'extension/LICENSE.txt']) assert.ok(vsix.names.includes(page), page);
  });

  it('has a 128×128 PNG icon', () => {
    const packaged = JSON.parse(vsix.read('extension/package.json').toString('utf8'));
    const png = vsix.read(`extension/${packaged.icon}`);
    assert.equal(png.toString('latin1', 1, 4), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });

  it('has a string in package.nls.json for every %placeholder% of the manifest', () => {
    const packagedManifest = vsix.read('extension/package.json').toString('utf8');
    const strings = JSON.parse(vsix.read('extension/package.nls.json').toString('utf8')) as Record<string, string>;
    const placeholders = [...packagedManifest.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]);
    assert.ok(placeholders.length > 0, 'the manifest uses no %placeholders%');
    assert.deepEqual(placeholders.filter((key) => typeof strings[key] !== 'string'), []);
  });

  it('carries the runtime strings bundle that the manifest\'s l10n names', () => {
    const packaged = JSON.parse(vsix.read('extension/package.json').toString('utf8'));
    const bundle = path.posix.join('extension', packaged.l10n, 'bundle.l10n.json');
    assert.ok(vsix.names.includes(bundle), `${bundle} is not packaged`);
    const strings = JSON.parse(vsix.read(bundle).toString('utf8')) as Record<string, string>;
    assert.ok(Object.keys(strings).length > 0, 'the bundle is empty');
    assert.deepEqual(Object.entries(strings).filter(([key, text]) => key !== text), [], 'the English bundle maps each string to itself');
  });
});

describe('the linux-x64 VSIX', () => {
  it('holds the x64 Linux koffi binary and no other native file', () => {
    const vsix = new ZipArchive(vsixOf('linux-x64'));
    const natives = vsix.names.filter((name) => name.endsWith('.node'));
    assert.deepEqual(natives, ['extension/dist/koffi/linux_x64/koffi.node']);
    assert.deepEqual(identifyNative(vsix.read(natives[0])), { os: 'linux', arch: 'x64' });
    assert.match(vsix.read('extension.vsixmanifest').toString('utf8'), /TargetPlatform="linux-x64"/);
  });

  describe('in code-server', {
    skip: process.platform === 'linux' && process.arch === 'x64'
      ? (codeServerInstalled() ? false : 'code-server is not installed (node scripts/setup.mjs test)')
      : 'needs a linux-x64 machine',
    timeout: 600_000,
  }, () => {
    const home = path.join(temp, 'code-server');
    const { extensionsDir } = codeServerFolders(home);
    /** code-server's own command line on the folders launchCodeServer() uses for this home. */
    const cli = (args: string[]) => runCodeServerCommand({ home, args });

    it('installs with code-server --install-extension', () => {
      const output = cli(['--install-extension', vsixOf('linux-x64')]);
      assert.ok(output.includes(`Extension '${path.basename(vsixOf('linux-x64'))}' was successfully installed`), output);
    });

    it('is listed by code-server --list-extensions', () => {
      const listed = cli(['--list-extensions', '--show-versions']).split('\n').map((line) => line.trim());
      assert.ok(listed.includes(`${manifest.publisher}.${manifest.name}@${manifest.version}`), listed.join('\n'));
    });

    it('activates in the extension host, registers its commands and opens its panel', async () => {
      const installed = fs.readdirSync(extensionsDir).filter((entry) => entry.startsWith(`${manifest.publisher}.${manifest.name}-`));
      assert.equal(installed.length, 1, `installed folders: ${installed.join(', ')}`);
      const suite = await buildInstalledSuite();
      const workspace = path.join(temp, 'workspace');
      fs.mkdirSync(workspace, { recursive: true });
      const run = await runSuiteInCodeServer({
        home,
        workspace,
        // The installed folder itself, so the suite runs exactly the files the installer unpacked.
        extensionPath: path.join(extensionsDir, installed[0]),
        testsPath: suite,
        trust: true,
        userSettings: { 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false },
        timeoutMs: 240_000,
      });
      const failed = run.results.filter((r) => r.state !== 'passed').map((r) => `${r.title}: ${r.state}\n${r.error ?? ''}`);
      assert.deepEqual(failed, [], run.output);
      assert.equal(run.results.length, 5, `expected 5 results:\n${run.output}\n--- code-server log ---\n${run.serverLog}`);
      assert.equal(run.exitCode, 0, run.output);
    });
  });
});

async function buildInstalledSuite(): Promise<string> {
  await esbuild.build({
    entryPoints: { 'installed-vsix': path.join(import.meta.dirname, 'suite', 'installed-vsix.ts') },
    outdir: suiteDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', 'mocha'],
    logLevel: 'error',
  });
  return path.join(suiteDir, 'installed-vsix.js');
}
