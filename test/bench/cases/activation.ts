/**
 * Case 10: the packaged extension (the linux-x64 .vsix, unpacked) activated in code-server's real
 * extension host. Its main file is wrapped so the host's own call of `activate()` is timed where it
 * happens; a probe (the extensionTestsPath) then reads the timings and whether koffi is loaded.
 * Also the size of the .vsix files for Linux and Windows.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runSuiteInCodeServer } from '../../vscode/code-server-run';
import { repoRoot } from '../processes';
import { fixed, type BenchRow } from '../results';

interface PackageModule {
  packageTargets(options: { targets: string[]; outDir: string; log: (line: string) => void }): { target: string; file: string; bytes: number }[];
}

const PROBE_PREFIX = 'slotpipe-bench-activation ';

/** Replaces dist/extension.js with a wrapper that times loading the real one and its activate(). */
const WRAPPER = `const { performance } = require('node:perf_hooks');
const koffiLoaded = () => Object.keys(require.cache).some((k) => /koffi/i.test(k));
const t0 = performance.now();
const real = require('./extension-real.js');
const loadMs = performance.now() - t0;
exports.activate = function (context) {
  const started = performance.now();
  const api = real.activate(context);
  const activateMs = performance.now() - started;
  globalThis.slotpipeBenchActivation = { loadMs, activateMs, koffiAfterActivate: koffiLoaded() };
  Promise.resolve(api && api.ready).then(() => {
    globalThis.slotpipeBenchActivation.readyMs = performance.now() - started;
    globalThis.slotpipeBenchActivation.koffiAfterReady = koffiLoaded();
  });
  return api;
};
exports.deactivate = (...args) => real.deactivate && real.deactivate(...args);
`;

const PROBE = `const vscode = require('vscode');
exports.run = async function () {
  const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'slotpipe');
  const wasActive = ext.isActive;
  if (!wasActive) await ext.activate();
  for (let i = 0; i < 100 && globalThis.slotpipeBenchActivation?.readyMs === undefined; i++) await new Promise((r) => setTimeout(r, 50));
  console.log(${JSON.stringify(PROBE_PREFIX)} + JSON.stringify({ ...globalThis.slotpipeBenchActivation, activatedBy: wasActive ? 'startup' : 'probe' }));
};
`;

export async function activation(): Promise<BenchRow[]> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-bench-activation-'));
  try {
    const script = pathToFileURL(path.join(repoRoot, 'scripts', 'package.mjs')).href;
    const { packageTargets } = (await import(script)) as PackageModule;
    const packages = packageTargets({ targets: ['linux-x64', 'win32-x64'], outDir: work, log: () => {} });
    const linux = packages.find((p) => p.target === 'linux-x64')!;
    const unpacked = path.join(work, 'unpacked');
    execFileSync('unzip', ['-q', linux.file, 'extension/*', '-d', unpacked]);
    const extension = path.join(unpacked, 'extension');
    fs.renameSync(path.join(extension, 'dist', 'extension.js'), path.join(extension, 'dist', 'extension-real.js'));
    fs.writeFileSync(path.join(extension, 'dist', 'extension.js'), WRAPPER);
    const probe = path.join(work, 'probe.js');
    fs.writeFileSync(probe, PROBE);
    const workspace = path.join(work, 'workspace');
    fs.mkdirSync(workspace);
    const run = await runSuiteInCodeServer({
      home: path.join(work, 'home'), workspace, extensionPath: extension, testsPath: probe, trust: true, userSettings: {}, timeoutMs: 120_000,
    });
    const line = run.output.split('\n').find((l) => l.trim().startsWith(PROBE_PREFIX));
    if (!line) throw new Error(`the activation probe printed nothing (exit ${run.exitCode}):\n${run.output.slice(-3000)}`);
    const r = JSON.parse(line.trim().slice(PROBE_PREFIX.length)) as { loadMs: number; activateMs: number; readyMs?: number; koffiAfterActivate: boolean; koffiAfterReady?: boolean; activatedBy: string };
    const kb = (bytes: number) => `${fixed(bytes / 1024, 0)} KB`;
    return [{
      id: 'activation',
      name: '10 Activation in code-server\'s extension host (packaged linux-x64 build)',
      baseline: '—',
      slotpipe: `activate() ${fixed(r.activateMs, 1)} ms (bundle load ${fixed(r.loadMs, 1)} ms, settings applied after ${fixed(r.readyMs ?? NaN, 1)} ms); koffi loaded: ${r.koffiAfterActivate || r.koffiAfterReady ? 'YES' : 'no'}`,
      ratio: '—',
      target: 'activate() ≤ 50 ms, koffi not loaded',
      figures: { slotpipe: { value: r.activateMs, unit: 'ms (activate)' }, target: { of: 'slotpipe', at: 'most', value: 50, unit: 'ms (activate)' } },
      met: r.activateMs <= 50 && !r.koffiAfterActivate && !r.koffiAfterReady ? 'yes' : 'no',
      note: `Activated by ${r.activatedBy === 'startup' ? 'onStartupFinished' : 'the probe'}; no watcher configured, so nothing may load koffi (on Linux it never does: watchers there are NetBIOS/Unix sockets). VSIX: ${packages.map((p) => `${p.target} ${kb(p.bytes)}`).join(', ')}.`,
    }];
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
