/**
 * Captures loopback traffic with tshark and reads it back through Wireshark's dissectors, so the
 * NetBIOS codec is checked by code nobody here wrote.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';

export interface LiveCapture {
  file: string;
  /** Stops tshark (SIGINT) and waits until the file is complete. */
  stop(): Promise<void>;
}

/**
 * Starts `tshark -i IFACE -f FILTER -w FILE` and resolves once it really captures: it keeps sending
 * small probe datagrams to `probePort` on 127.0.0.1 (the filter must let them in) until tshark
 * reports one. Readers skip the probes by port.
 */
export async function startCapture(options: { iface: string; filter: string; file: string; probePort: number; linkType?: string; format?: 'pcap' | 'pcapng' }): Promise<LiveCapture> {
  const args = ['-i', options.iface, '-f', options.filter, '-w', options.file, '-F', options.format ?? 'pcapng', '-P', '-l'];
  if (options.linkType) args.push('-y', options.linkType);
  const child: ChildProcess = spawn('tshark', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const probe = dgram.createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`tshark did not capture a probe within 20 s: ${stderr}`)), 20_000);
      const sending = setInterval(() => probe.send('probe', options.probePort, '127.0.0.1'), 50);
      child.stdout?.once('data', () => {
        clearTimeout(timer);
        clearInterval(sending);
        resolve();
      });
      void exited.then((code) => {
        clearTimeout(timer);
        clearInterval(sending);
        reject(new Error(`tshark exited (${code}) before capturing: ${stderr}`));
      });
    });
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  } finally {
    probe.close();
  }
  child.stdout?.resume();
  return {
    file: options.file,
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** One packet's fields as `tshark -T json -e ...` gives them: every value a list of strings. */
export type PacketFields = Record<string, string[]>;

/** Reads a capture through tshark, decoding `port` as NetBIOS datagrams, and returns the named fields per packet. */
export function tsharkFields(file: string, port: number, fields: string[]): PacketFields[] {
  const args = ['-r', file, '-d', `udp.port==${port},nbdgm`, '-Y', `udp.port==${port}`, '-T', 'json', ...fields.flatMap((f) => ['-e', f])];
  const result = spawnSync('tshark', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`tshark -r failed (${result.status}): ${result.stderr}`);
  const packets = JSON.parse(result.stdout || '[]') as { _source: { layers: PacketFields } }[];
  return packets.map((p) => p._source.layers);
}

/** Fields that show Wireshark found a problem: malformed packets and expert info of any severity. */
export const PROBLEM_FIELDS = ['_ws.malformed', '_ws.expert', '_ws.expert.message', '_ws.expert.severity'];

export function removeFile(file: string): void {
  fs.rmSync(file, { force: true });
}
