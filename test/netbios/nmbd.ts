/** Samba's nmbd, run in a test network namespace with a private configuration, logging to its stdout. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface Nmbd {
  workgroup: string;
  netbiosName: string;
  /** Everything nmbd logged so far. */
  log(): string;
  /** Resolves with the first match of `pattern` in the log (searching from `from`). */
  waitFor(pattern: RegExp, timeoutMs: number, from?: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

export function startNmbd(options: { namespace: string; address: string; dir: string; workgroup: string; netbiosName: string }): Nmbd {
  const dirs = ['lock', 'state', 'cache', 'pid', 'private', 'log'].map((d) => path.join(options.dir, d));
  dirs.forEach((d) => fs.mkdirSync(d, { recursive: true }));
  const [lock, state, cache, pid, priv, log] = dirs;
  const conf = path.join(options.dir, 'smb.conf');
  fs.writeFileSync(conf, [
    '[global]',
    `workgroup = ${options.workgroup}`,
    `netbios name = ${options.netbiosName}`,
    `interfaces = ${options.address}/24`,
    'bind interfaces only = yes',
    'local master = yes',
    'preferred master = yes',
    'os level = 65',
    // LAN Manager announcements too, so \\MAILSLOT\\LANMAN traffic is real as well.
    'lm announce = yes',
    'lm interval = 5',
    `lock directory = ${lock}`,
    `state directory = ${state}`,
    `cache directory = ${cache}`,
    `pid directory = ${pid}`,
    `private dir = ${priv}`,
    `log file = ${path.join(log, 'log.%m')}`,
    '',
  ].join('\n'));
  const child: ChildProcess = spawn('ip', ['netns', 'exec', options.namespace, 'nmbd', '-F', '--no-process-group', '--debug-stdout', '-d', '4', '-s', conf], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString();
    for (const wake of waiters) wake();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    workgroup: options.workgroup,
    netbiosName: options.netbiosName,
    log: () => text,
    waitFor(pattern, timeoutMs, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.slice(from).match(pattern);
          if (!match) return false;
          finish();
          resolve(match);
          return true;
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`nmbd did not log ${pattern} within ${timeoutMs} ms; its log ends:\n${text.slice(-3000)}`));
        }, timeoutMs);
        const wake = () => void check();
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(wake);
        };
        waiters.add(wake);
        check();
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
