/** The executable path of a process, for showing who is on the other end of a pipe. */
import { PROCESS_QUERY_LIMITED_INFORMATION, fromWide, k32 } from './kernel32';

export function processImage(pid: number): string | undefined {
  const process = k32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
  if (!process) return undefined;
  try {
    const name = new Uint16Array(1024);
    const size = new Uint32Array([name.length]);
    return k32.QueryFullProcessImageNameW(process, 0, name, size) ? fromWide(name, size[0]) : undefined;
  } finally {
    k32.CloseHandle(process);
  }
}

/** How many handles this process holds (to prove that stopping a watcher closed everything). */
export function processHandleCount(): number {
  const count = new Uint32Array(1);
  k32.GetProcessHandleCount(k32.GetCurrentProcess(), count);
  return count[0];
}

/**
 * The value the next new handle gets. Handle slots are reused lowest first, so an unchanged value after
 * a stop means nothing was left open; used where GetProcessHandleCount is not implemented (Wine).
 */
export function nextHandleValue(): number {
  const probe = k32.CreateEventW(null, 0, 0, null);
  k32.CloseHandle(probe);
  return probe;
}
