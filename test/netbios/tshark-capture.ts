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
 * Each round of probes goes from a socket of its own and waits for that socket's source port: a
 * packet tshark prints late (an earlier datagram, or a probe of the round before) ends no round.
 * Readers skip the probes by port.
 */
export async function startCapture(options: { iface: string; filter: string; file: string; probePort: number; probeAddress?: string; linkType?: string; format?: 'pcap' | 'pcapng' }): Promise<LiveCapture> {
  const args = ['-i', options.iface, '-f', options.filter, '-w', options.file, '-F', options.format ?? 'pcapng', '-P', '-l', '-T', 'fields', '-e', 'udp.srcport'];
  if (options.linkType) args.push('-y', options.linkType);
  const child: ChildProcess = spawn('tshark', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let partialLine = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // One source port per printed line (-T fields -e udp.srcport).
  const seenPorts = new Set<number>();
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partialLine + chunk.toString()).split('\n');
    partialLine = lines.pop() ?? '';
    for (const line of lines) seenPorts.add(Number(line.trim()));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  /** Sends probes until tshark prints one of them: everything sent earlier is in the file by then. */
  const probeThrough = async (what: string) => {
    const probe = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => probe.bind(0, () => resolve()));
    const ownPort = probe.address().port;
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`tshark did not ${what} within 20 s: ${stderr}`)), 20_000);
        const sending = setInterval(() => probe.send('probe', options.probePort, options.probeAddress ?? '127.0.0.1'), 50);
        const seen = setInterval(() => seenPorts.has(ownPort) && finish(), 10);
        const finish = (err?: Error) => {
          clearTimeout(timer);
          clearInterval(sending);
          clearInterval(seen);
          if (err) reject(err);
          else resolve();
        };
        void exited.then((code) => finish(new Error(`tshark exited (${code}): ${stderr}`)));
      });
    } finally {
      probe.close();
    }
  };

  try {
    await probeThrough('start capturing');
  } catch (err) {
    child.kill('SIGKILL');
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
