/** Names the operating system and CPU a native module (koffi.node) was built for, from its header. */

export interface NativeBinary {
  os: 'win32' | 'linux' | 'darwin';
  arch: string;
}

const PE_MACHINES: Record<number, string> = { 0x8664: 'x64', 0xaa64: 'arm64', 0x014c: 'ia32' };
const ELF_MACHINES: Record<number, string> = { 0x3e: 'x64', 0xb7: 'arm64', 0x03: 'ia32', 0x28: 'arm' };
const MACHO_CPUS: Record<number, string> = { 0x01000007: 'x64', 0x0100000c: 'arm64' };

export function identifyNative(bytes: Buffer): NativeBinary {
  if (bytes.length >= 0x40 && bytes.toString('latin1', 0, 2) === 'MZ') {
    const pe = bytes.readUInt32LE(0x3c);
    if (bytes.toString('latin1', pe, pe + 4) !== 'PE\0\0') throw new Error('MZ file without a PE header');
    return { os: 'win32', arch: name(PE_MACHINES, bytes.readUInt16LE(pe + 4), 'PE machine') };
  }
  if (bytes.length >= 0x14 && bytes.toString('latin1', 0, 4) === '\x7fELF') {
    if (bytes[5] !== 1) throw new Error('big-endian ELF files are not expected');
    return { os: 'linux', arch: name(ELF_MACHINES, bytes.readUInt16LE(0x12), 'ELF machine') };
  }
  if (bytes.length >= 8 && bytes.readUInt32LE(0) === 0xfeedfacf) {
    return { os: 'darwin', arch: name(MACHO_CPUS, bytes.readUInt32LE(4), 'Mach-O CPU type') };
  }
  throw new Error(`not a PE, ELF or 64-bit Mach-O file (starts with ${bytes.subarray(0, 8).toString('hex')})`);
}

function name(table: Record<number, string>, value: number, what: string): string {
  const found = table[value];
  if (!found) throw new Error(`unknown ${what} 0x${value.toString(16)}`);
  return found;
}
