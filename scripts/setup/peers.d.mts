export const title: string;
export const purposes: string[];
export const peersDir: string;
/** The programs in test/win32/peers/ (file names without .c). */
export function peerNames(): string[];
/** Where a program's .exe is built. */
export function peerExe(name: string): string;
/** Builds the programs whose sources are newer than their .exe. */
export function ensure(): Promise<string>;
/** Whether the mingw-w64 compiler the peers need is installed. */
export function compilerInstalled(): boolean;
