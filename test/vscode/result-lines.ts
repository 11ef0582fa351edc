/** How the suite inside VS Code reports each mocha test to the runner outside: one prefixed JSON line. */
export const RESULT_PREFIX = 'slotpipe-test-result ';

export interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export function formatResult(result: TestResult): string {
  return `${RESULT_PREFIX}${JSON.stringify(result)}`;
}

/** The results found in some output text (other lines are ignored). */
export function parseResults(output: string): TestResult[] {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith(RESULT_PREFIX))
    .map((line) => JSON.parse(line.slice(RESULT_PREFIX.length)) as TestResult);
}
