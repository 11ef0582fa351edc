/**
 * CPU time of this machine's processes, read from /proc (Linux only): where a case's CPU went when several
 * programs share the machine, grouped by what each process is.
 */
import fs from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux.

/** Milliseconds of CPU (user + system) process `pid` has used so far; undefined when it is gone. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // After the command: state is field 3, utime 14 and stime 15 (1-based), i.e. indexes 11 and 12 here.
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

/** Each running process's CPU so far and its command line; undefined off Linux. */
export function allProcessCpu(): Map<number, { ms: number; command: string }> | undefined {
  if (process.platform !== 'linux') return undefined;
  const out = new Map<number, { ms: number; command: string }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ms = processCpuMs(Number(entry));
    if (ms === undefined) continue;
    try {
      out.set(Number(entry), { ms, command: fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ') });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * The CPU each group used between two readings, in ms: a process belongs to the first group that `match`
 * names for it (undefined: "other"), and processes that started meanwhile count from zero.
 */
export function cpuByGroup(
  before: Map<number, { ms: number }>,
  after: Map<number, { ms: number; command: string }>,
  match: (pid: number, command: string) => string | undefined,
): Map<string, number> {
  const groups = new Map<string, number>();
  for (const [pid, { ms, command }] of after) {
    const used = ms - (before.get(pid)?.ms ?? 0);
    if (used <= 0) continue;
    const group = match(pid, command) ?? 'other';
    groups.set(group, (groups.get(group) ?? 0) + used);
  }
  return groups;
}
