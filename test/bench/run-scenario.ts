/**
 * The command line of the benchmark drivers: `<scenario> [json-args]` runs one scenario and prints
 * {"result":...} (or {"error":...} and exit code 1) as its last line.
 */
export type Scenarios = Record<string, (args: any) => Promise<unknown>>;

export function runScenario(scenarios: Scenarios, argv = process.argv.slice(2)): void {
  const [name, json] = argv;
  const scenario = scenarios[name];
  const run = scenario
    ? scenario(json ? JSON.parse(json) : {})
    : Promise.reject(new Error(`unknown scenario ${name}; known: ${Object.keys(scenarios).join(', ')}`));
  run.then(
    (result) => {
      console.log(JSON.stringify({ result }));
      process.exit(0);
    },
    (err) => {
      console.log(JSON.stringify({ error: String(err?.stack ?? err) }));
      process.exit(1);
    },
  );
}
