export const title: string;
export const purposes: string[];
export const CODE_SERVER_VERSION: string;
export const installDir: string;
export const codeServerEntry: string;
export function isInstalled(): boolean;
export function ensure(): Promise<string>;

export interface LaunchOptions {
  home: string;
  userSettings?: Record<string, unknown>;
  /** false: Workspace Trust enabled, so folders start untrusted. */
  trust?: boolean;
  env?: Record<string, string>;
  folder?: string;
  stdio?: 'pipe' | 'inherit';
}

export interface RunningCodeServer {
  port: number;
  origin: string;
  pid: number;
  log(): string;
  stop(): Promise<void>;
}

export function launchCodeServer(options: LaunchOptions): Promise<RunningCodeServer>;

export interface CodeServerFolders {
  userData: string;
  extensionsDir: string;
  /** XDG_CONFIG_HOME, XDG_DATA_HOME and XDG_CACHE_HOME below the home. */
  env: Record<string, string>;
}

export function codeServerFolders(home: string): CodeServerFolders;

export interface CommandOptions {
  home: string;
  args: string[];
  env?: Record<string, string>;
  timeout?: number;
}

export function runCodeServerCommand(options: CommandOptions): string;
