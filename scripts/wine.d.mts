export interface CommandLine {
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
}

/** Windows node.exe (under Wine off Windows) with these arguments; stdio safe for Linux pipes. */
export function winNodeCommand(nodeArgs: string[]): CommandLine;
/** A Windows program (a .exe) with these arguments. */
export function winExeCommand(exe: string, exeArgs: string[]): CommandLine;
/** Sets up the prefix when missing and keeps its wineserver warm; nothing on Windows. */
export function prepareWine(): Promise<void>;
/** Ends our prefix's wineserver and every Windows program in it; false when none was running. */
export function stopWineserver(): boolean;
/** Whether wine64 is installed. */
export function wineInstalled(): boolean;
/** A Linux path as Windows programs under Wine see it (Z:\...). */
export function windowsPath(linuxPath: string): string;
