/**
 * CPU time of the wineserver of Slotpipe's Wine prefix, read from /proc: under Wine every mailslot
 * and pipe operation is a request to it, so it shows what a read or write costs beyond the program.
 * Other programs in the same prefix (a test run at the same time) add to it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { startWineserver, wineEnv } from '../../scripts/setup/wine.mjs';
import { processCpuMs } from './process-cpu';

function prefixServerPid(): number | undefined {
  const prefix = `WINEPREFIX=${wineEnv().WINEPREFIX}\0`;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!fs.readFileSync(`/proc/${entry}/comm`, 'utf8').startsWith('wineserver')) continue;
      if (`${fs.readFileSync(`/proc/${entry}/environ`, 'utf8')}\0`.includes(prefix)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** Milliseconds of CPU (user + system) the prefix's wineserver has used so far; undefined off Linux or when none runs. */
export function wineserverCpuMs(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  const pid = prefixServerPid();
  return pid === undefined ? undefined : processCpuMs(pid);
}

/**
 * Runs the prefix's wineserver only on `cpus` (a taskset list) until the returned function restores
 * every CPU (starting the prefix's wineserver if none runs); undefined when it cannot be placed (not Linux, no taskset).
 */
export function placeWineserver(cpus: string): (() => void) | undefined {
  if (process.platform !== 'linux') return undefined;
  // A server a program started by itself may be gone between two programs: start one that stays.
  startWineserver();
  const pid = prefixServerPid();
  if (pid === undefined) return undefined;
  const set = (list: string) => execFileSync('taskset', ['-a', '-p', '-c', list, String(pid)], { stdio: 'ignore' });
  try {
    set(cpus);
  } catch {
    return undefined;
  }
  return () => {
    try {
      set(`0-${os.cpus().length - 1}`);
    } catch {
      // it ended meanwhile
    }
  };
}
