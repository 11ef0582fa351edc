// Debian packages the tests and the demo need; installed only when missing (needs root).
import fs from 'node:fs';
import { run } from './step.mjs';

/** What each purpose needs, with a file that proves the package is there. */
const PACKAGES = {
  test: {
    'wine64': '/usr/lib/wine/wine64',
    'wine': '/usr/bin/wine',
    'mingw-w64': '/usr/bin/x86_64-w64-mingw32-gcc',
    'tshark': '/usr/bin/tshark',
    'samba': '/usr/sbin/nmbd',
    'iproute2': '/usr/sbin/ip',
    // The Unix-socket pipe tests meet a peer written with Python's socket module.
    'python3': '/usr/bin/python3',
    'chromium': '/usr/bin/chromium',
    'libkrb5-dev': '/usr/include/krb5.h',
    'ripgrep': '/usr/bin/rg',
  },
  start: {
    'libkrb5-dev': '/usr/include/krb5.h',
    'ripgrep': '/usr/bin/rg',
  },
};

export async function ensureAptPackages(purpose) {
  if (process.platform !== 'linux') return 'not Linux, skipped';
  const wanted = PACKAGES[purpose] ?? PACKAGES.test;
  const missing = Object.entries(wanted).filter(([, file]) => !fs.existsSync(file)).map(([name]) => name);
  if (!missing.length) return 'all present';
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')}; install them with: sudo apt-get install ${missing.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
  return `installed ${missing.join(' ')}`;
}
