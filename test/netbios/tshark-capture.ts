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
 * small probe datagrams to `probePort` at `probeAddress` (default 127.0.0.1; the filter must let them
 * in) until tshark reports one. Stopping probes again first, so nothing sent before is cut off.
 * Readers skip the probes by port.
 */
export async function startCapture(options: { iface: string; filter: string; file: string; probePort: number; probeAddress?: string; linkType?: string; format?: 'pcap' | 'pcapng' }): Promise<LiveCapture> {
  const args = ['-i', options.iface, '-f', options.filter, '-w', options.file, '-F', options.format ?? 'pcapng', '-P', '-l'];
  if (options.linkType) args.push('-y', options.linkType);
  const child: ChildProcess = spawn('tshark', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let printed = 0;
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString().split('\n').length - 1));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const probe = dgram.createSocket('udp4');

  /** Sends probes until tshark prints a packet it had not printed before: everything sent earlier is in by then. */
  const probeThrough = (what: string) => {
    const before = printed;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`tshark did not ${what} within 20 s: ${stderr}`)), 20_000);
      const sending = setInterval(() => probe.send('probe', options.probePort, options.probeAddress ?? '127.0.0.1'), 50);
      const seen = setInterval(() => printed > before && finish(), 10);
      const finish = (err?: Error) => {
        clearTimeout(timer);
        clearInterval(sending);
        clearInterval(seen);
        if (err) reject(err);
        else resolve();
      };
      void exited.then((code) => finish(new Error(`tshark exited (${code}): ${stderr}`)));
    });
  };

  try {
    await probeThrough('start capturing');
  } catch (err) {
    child.kill('SIGKILL');
    probe.close();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  return {
    file: options.file,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null) {
          await probeThrough('catch up');
          child.kill('SIGINT');
        }
        probe.close();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
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
