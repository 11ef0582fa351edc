/** Bad settings are reported with the name of the bad setting; good entries still apply. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_LOG_CAPACITY } from '../../../extension/core/settings';
import { setWatchers, slotpipe, uniqueName, waitFor } from './harness';

describe('settings validation', () => {
  after(async () => {
    await setWatchers([]);
    await vscode.workspace.getConfiguration('slotpipe').update('logCapacity', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('slotpipe').update('logMaxMegabytes', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('names each bad watcher property and skips only the bad entries', async () => {
    const api = await slotpipe();
    const good = `\\\\.\\pipe\\${uniqueName('settings')}`;
    await setWatchers([
      { endpoint: 'pipe\\missing-backslashes', decode: 'auto' },
      { endpoint: good, decode: 'struct:MS_MESSAGE', autoStart: false },
      { endpoint: '\\\\.\\mailslot\\ok', decode: 'rot13' },
      { endpoint: '\\\\.\\mailslot\\ok2', readTimeout: -1, pipeMode: 'stream' },
      { decode: 'auto' },
    ]);
    const problems = await waitFor('settings problems', () => {
      const found = api.services.settingsProblems();
      return found.length >= 5 ? found : undefined;
    });
    const where = 'slotpipe.watchers (workspace settings)';
    const expectProblem = (prefix: string, words: RegExp) =>
      assert.ok(problems.some((p) => p.startsWith(prefix) && words.test(p)), `no problem "${prefix} … ${words}" in:\n${problems.join('\n')}`);
    expectProblem(`${where}[0].endpoint:`, /two backslashes|expected a name/);
    expectProblem(`${where}[2].decode:`, /rot13/);
    expectProblem(`${where}[3].readTimeout:`, /whole number from 1/);
    expectProblem(`${where}[3].pipeMode:`, /"message", "byte"/);
    expectProblem(`${where}[4].endpoint:`, /required/);
    const ids = api.manager.list().map((w) => w.endpoint);
    assert.deepEqual(ids, [good], 'only the valid watcher is configured');
  });

  it('names a bad log capacity and uses the default instead', async () => {
    const api = await slotpipe();
    await vscode.workspace.getConfiguration('slotpipe').update('logCapacity', 0, vscode.ConfigurationTarget.Workspace);
    const problem = await waitFor('logCapacity problem', () => api.services.settingsProblems().find((p) => p.startsWith('slotpipe.logCapacity:')));
    assert.match(problem, /expected a whole number from 1 to/);
    assert.equal(api.services.log.capacity, DEFAULT_LOG_CAPACITY);
  });

  it('applies a new log capacity live', async () => {
    const api = await slotpipe();
    await vscode.workspace.getConfiguration('slotpipe').update('logCapacity', 1234, vscode.ConfigurationTarget.Workspace);
    await waitFor('capacity 1234', () => api.services.log.capacity === 1234);
    assert.equal(api.services.log.stats().capacity, 1234);
  });

  it('applies a new byte limit for the log live', async () => {
    const api = await slotpipe();
    await vscode.workspace.getConfiguration('slotpipe').update('logMaxMegabytes', 16, vscode.ConfigurationTarget.Workspace);
    await waitFor('a 16 MiB limit', () => api.services.log.stats().maxBytes === 16 * 2 ** 20);
  });
});
