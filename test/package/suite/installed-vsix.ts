/** The extensionTestsPath entry for the installed-VSIX smoke suite. */
import { runSuites } from '../../vscode/suite/mocha-runner';

export function run(): Promise<void> {
  return runSuites(() => {
    require('./installed-vsix.suite');
  });
}
