// Runs one set-up step with a progress line, and stops the whole set-up with its error.
import { spawnSync } from 'node:child_process';

export async function step(title, run) {
  const started = Date.now();
  process.stdout.write(`setup: ${title} ... `);
  try {
    const said = await run();
    console.log(`${said ?? 'ok'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (err) {
    console.log('failed');
    console.error(`setup: ${title} failed: ${err.message ?? err}`);
    process.exit(1);
  }
}

/** Runs a command, throwing with its output when it fails. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}\n${output}`);
  }
  return result.stdout ?? '';
}
