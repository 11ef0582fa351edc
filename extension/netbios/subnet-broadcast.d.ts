/** The broadcast address of this computer's first IPv4 network, where `\\*\mailslot\x` goes by default. */
import os from 'node:os';
export declare function subnetBroadcast(interfaces?: NodeJS.Dict<os.NetworkInterfaceInfo[]>): string;
