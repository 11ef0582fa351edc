/** Starts a scenario of test/bench/linux-driver.ts (bundled like the product) in its own Linux node process. */
import { buildLinuxDriver } from './build-linux-driver.mjs';
import { startNode, type Program } from './processes';

let built: Promise<string> | undefined;

export async function startLinuxDriver(scenario: string, args: unknown, nodeOptions: string[] = []): Promise<Program> {
  const script = await (built ??= buildLinuxDriver());
  const program = startNode([...nodeOptions, script, scenario, JSON.stringify(args)]);
  await program.line('{"ready"', 60_000);
  return program;
}
