/** The broadcast address of this computer's first IPv4 network, where `\\*\mailslot\x` goes by default. */
import os from 'node:os';

export function subnetBroadcast(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): string {
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      if (info.family !== 'IPv4' || info.internal) continue;
      const address = toNumber(info.address);
      const mask = toNumber(info.netmask);
      const broadcast = (address | ~mask) >>> 0;
      return [24, 16, 8, 0].map((shift) => (broadcast >>> shift) & 0xff).join('.');
    }
  }
  throw new Error('this computer has no IPv4 network to broadcast on; give the broadcast address with --broadcast');
}

function toNumber(address: string): number {
  return address.split('.').reduce((n, part) => (n << 8) | Number(part), 0) >>> 0;
}
