/**
 * The one place capture files meet the NetBIOS backend's pcap code (loaded lazily: only an
 * export or an import of a pcap file pays for it).
 */
import type { TrafficMessage } from '../core/message';
import type { LoadedMessage } from './capture-record';

export async function encodePcapng(messages: readonly TrafficMessage[]): Promise<Uint8Array> {
  const netbios = await import('../netbios/index');
  return netbios.writePcapng(messages);
}

/** Mailslot datagrams of a pcap/pcapng file; `ports` are the UDP ports that carry NetBIOS datagrams. */
export async function decodePcap(bytes: Uint8Array, path: string, ports?: number[]): Promise<{ messages: LoadedMessage[]; problems: string[] }> {
  const netbios = await import('../netbios/index');
  const capture = netbios.readCapture(bytes, ports ? { ports } : {});
  const messages = netbios.captureMessages(capture).map(({ endpoint, raw }) => ({
    watcherId: `capture:${endpoint.toLowerCase()}`,
    endpoint,
    raw,
  }));
  if (!messages.length) {
    throw new Error(`${path}: no NetBIOS mailslot datagrams in this ${capture.format} capture (${capture.packets} packets, ${capture.skipped} of other kinds)`);
  }
  const problems = capture.problems.map((p) => `packet ${p.packet}: ${p.message}`);
  return { messages, problems };
}
