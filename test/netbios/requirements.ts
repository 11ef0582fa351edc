/**
 * What the network tests need on this machine; a missing piece skips them with the reason (and how to
 * get it) instead of failing on something that is not Slotpipe's fault.
 */
import fs from 'node:fs';

const TOOLS: Record<string, { file: string; package: string }> = {
  tshark: { file: '/usr/bin/tshark', package: 'tshark' },
  nmbd: { file: '/usr/sbin/nmbd', package: 'samba' },
  ip: { file: '/usr/sbin/ip', package: 'iproute2' },
  setpriv: { file: '/usr/bin/setpriv', package: 'util-linux' },
};

/** `false` when everything is there, else why the tests cannot run. */
export function missing(tools: (keyof typeof TOOLS)[], needsRoot: boolean): string | false {
  if (process.platform !== 'linux') return 'these tests use Linux network namespaces and packet capture';
  if (needsRoot && process.getuid?.() !== 0) return 'capturing packets and creating network namespaces needs root';
  const absent = tools.filter((t) => !fs.existsSync(TOOLS[t].file));
  if (absent.length) return `missing ${absent.join(', ')} (apt-get install ${absent.map((t) => TOOLS[t].package).join(' ')}, or npm run setup)`;
  return false;
}
