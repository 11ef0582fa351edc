/**
 * What a process holds, for the cycle tests: open file descriptors (Linux /proc) and the JavaScript
 * heap after a full garbage collection.
 */
import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

export interface Resources {
  fds: number;
  heapUsed: number;
}

export async function resources(): Promise<Resources> {
  // Let closes and timers that are already due finish, then collect twice (weak callbacks run between).
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  collect();
  await new Promise((resolve) => setImmediate(resolve));
  collect();
  return { fds: fs.readdirSync('/proc/self/fd').length, heapUsed: process.memoryUsage().heapUsed };
}
