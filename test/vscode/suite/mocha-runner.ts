/**
 * Runs mocha inside the extension host (the `run()` VS Code calls for extensionTestsPath). Each test
 * result is also printed as one `slotpipe-test-result {json}` line, so a runner outside (code-server
 * through Playwright, or @vscode/test-electron) can report every test on its own.
 */
import Mocha from 'mocha';
import { formatResult, type TestResult } from '../result-lines';

function report(result: TestResult): void {
  console.log(formatResult(result));
}

class ResultLinesReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions) {
    super(runner, options);
    const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;
    runner.on(EVENT_TEST_PASS, (test) => report({ title: test.fullTitle(), state: 'passed', durationMs: test.duration }));
    runner.on(EVENT_TEST_PENDING, (test) => report({ title: test.fullTitle(), state: 'pending' }));
    runner.on(EVENT_TEST_FAIL, (test, err: Error) =>
      report({ title: test.fullTitle(), state: 'failed', durationMs: test.duration, error: err.stack ?? err.message }),
    );
  }
}

/** `load` registers the suites (it runs after mocha's globals exist). */
export function runSuites(load: () => void): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: ResultLinesReporter });
  mocha.suite.emit('pre-require', globalThis, 'slotpipe-suite', mocha);
  load();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
