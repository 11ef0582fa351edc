/** The suites that run in a trusted workspace (extensionTestsPath entry). */
import { runSuites } from './mocha-runner';

export function run(): Promise<void> {
  return runSuites(() => {
    require('./commands.suite');
    require('./settings.suite');
    require('./watchers.suite');
    require('./send.suite');
    require('./capture.suite');
    require('./pipe-terminal.suite');
    require('./servers.suite');
    require('./chat.suite');
  });
}
