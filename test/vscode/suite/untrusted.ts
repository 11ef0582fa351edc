/** The suite that runs in an untrusted workspace (Workspace Trust enabled, folder not trusted). */
import { runSuites } from './mocha-runner';

export function run(): Promise<void> {
  return runSuites(() => {
    require('./untrusted.suite');
  });
}
