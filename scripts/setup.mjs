// One-stop set-up for a fresh machine, run before `npm test` and `npm start` (and by .ci/run).
// Every step is idempotent and quick when there is nothing to do, so it runs every time.
//   node scripts/setup.mjs [test|start]
import { step } from './setup/step.mjs';
import { ensureAptPackages } from './setup/apt.mjs';
import { ensureNodeModules, ensureBuild } from './setup/npm.mjs';

const purpose = process.argv[2] ?? 'test';

await step('system packages', () => ensureAptPackages(purpose));
await step('npm packages', ensureNodeModules);
await step('build', ensureBuild);
for (const extra of await extraSteps(purpose)) await step(extra.title, extra.run);

/** Steps owned by other parts of the project (Wine, code-server, C peers), loaded if present. */
async function extraSteps(purpose) {
  const steps = [];
  for (const name of ['wine', 'peers', 'code-server']) {
    let mod;
    try {
      mod = await import(`./setup/${name}.mjs`);
    } catch (err) {
      if (err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes(`${name}.mjs`)) continue;
      throw err;
    }
    if (!mod.purposes || mod.purposes.includes(purpose)) steps.push({ title: mod.title ?? name, run: mod.ensure });
  }
  return steps;
}
