export const repoRoot: string;

export interface StagedTests {
  root: string;
  extension: string;
  suites: { trusted: string; untrusted: string };
  webview: string;
}

export function stageExtensionTests(name: string): Promise<StagedTests>;
