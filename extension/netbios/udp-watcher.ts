/**
 * Watches mailslots on the wire: a UDP socket on the NetBIOS datagram port (138 by default) that
 * decodes every datagram and hands those for the watched mailslot to the sink in batches.
 * `\\.\mailslot\name` selects datagrams to `\MAILSLOT\name`; `\\.\mailslot\*` selects all of them,
 * including ones that are not mailslot writes or are malformed (shown as they came).
 */
import dgram from 'node:dgram';
import type { WatchOptions, Watcher, WatcherSink } from '../core/backend';
import { ALL_MAILSLOTS, requireLocal } from '../core/endpoint';
import { MessageFlag } from '../core/message';
import { buildIpv4Udp } from './ipv4-udp';
import { decodeMailslotDatagram } from './mailslot-datagram';
import { formatNetbiosName } from './netbios-name';
import { RepeatFilter } from './repeat-filter';
import { SinkBatcher } from '../core/sink-batcher';
import { mailslotWireName } from './smb-mailslot';
import { registerListening } from './shared-sockets';
import { bindErrorMessage } from './socket-errors';
import { NETBIOS_DATAGRAM_PORT } from './capture';

const RECEIVE_BUFFER = 4 * 1024 * 1024;

export interface NetbiosWatcher extends Watcher {
  /** Repeated datagrams (same source, id and bytes) that were dropped. */
  readonly repeats: number;
  /** The bound address and port, once started. */
  readonly local?: { address: string; port: number };
}

export function watchDatagrams(options: WatchOptions, sink: WatcherSink): NetbiosWatcher {
  const { endpoint } = options;
  if (endpoint.kind !== 'mailslot') throw new Error(`NetBIOS datagrams carry mailslots only; ${endpoint.path} is a pipe`);
  // A mailslot is watched where it is read: on this computer (\\.\mailslot\x = datagrams to \MAILSLOT\x).
  requireLocal(endpoint);
  const port = options.netbios?.port ?? NETBIOS_DATAGRAM_PORT;
  const bindAddress = options.netbios?.bind ?? '0.0.0.0';
  const wanted = endpoint.name === ALL_MAILSLOTS ? undefined : mailslotWireName(endpoint.name).toUpperCase();
  const repeats = new RepeatFilter();
  let socket: dgram.Socket | undefined;
  const batcher = new SinkBatcher(sink, setImmediate);
  let listening = false;
  let stopping: Promise<void> | undefined;
  let repeatCount = 0;
  let local: { address: string; port: number } | undefined;
  let unregister = () => {};

  const receive = (msg: Buffer, rinfo: dgram.RemoteInfo) => {
    const bytes = new Uint8Array(msg.buffer, msg.byteOffset, msg.length);
    const decoded = decodeMailslotDatagram(bytes);
    if (wanted !== undefined && decoded.mailslot.toUpperCase() !== wanted) return;
    const now = Date.now();
    const { datagram } = decoded;
    const source = datagram.sourceIp ? `${datagram.sourceIp}:${datagram.sourcePort}` : `${rinfo.address}:${rinfo.port}`;
    if (datagram.sourceIp && repeats.isRepeat(source, datagram.id, bytes, now)) {
      repeatCount++;
      return;
    }
    batcher.push({
      time: now,
      direction: 'in',
      bytes: decoded.data,
      peer: { address: `${rinfo.address}:${rinfo.port}`, ...(datagram.sourceName ? { name: formatNetbiosName(datagram.sourceName) } : {}) },
      flags: MessageFlag.network | (decoded.malformed ? MessageFlag.malformed : 0),
      // A UDP socket does not learn the destination address: the export shows the bound one.
      wire: buildIpv4Udp(rinfo.address, rinfo.port, local?.address ?? bindAddress, local?.port ?? port, bytes),
    });
  };

  return {
    get repeats() {
      return repeatCount;
    },
    get local() {
      return local;
    },
    start() {
      if (socket) return Promise.reject(new Error(`the watcher on ${endpoint.path} is already started`));
      const s = dgram.createSocket({ type: 'udp4', reuseAddr: options.netbios?.reuseAddr ?? true });
      socket = s;
      return new Promise<void>((resolve, reject) => {
        const failEarly = (err: NodeJS.ErrnoException) => {
          const message = bindErrorMessage(err, bindAddress, port, `cannot watch ${endpoint.path}`);
          s.close();
          sink.event({ type: 'error', message, code: err.code, fatal: true });
          reject(Object.assign(new Error(message), { code: err.code }));
        };
        s.once('error', failEarly);
        s.bind({ port, address: bindAddress }, () => {
          s.off('error', failEarly);
          s.setBroadcast(true);
          try {
            s.setRecvBufferSize(RECEIVE_BUFFER);
          } catch {
            // The system caps the buffer (net.core.rmem_max); the default still works, it only drops sooner under bursts.
          }
          local = s.address();
          listening = true;
          unregister = registerListening(local.port, { socket: s, address: local.address });
          s.on('message', receive);
          s.on('error', (err: NodeJS.ErrnoException) => sink.event({ type: 'error', message: `${endpoint.path}: ${err.message}`, code: err.code, fatal: false }));
          const filter = wanted ? `datagrams to ${wanted}` : 'all datagrams';
          // The kernel caps the buffer at net.core.rmem_max; a small one drops datagrams in bursts, so show it.
          const buffer = Math.round(s.getRecvBufferSize() / 1024);
          sink.event({ type: 'listening', detail: `NetBIOS datagrams on UDP ${local.address}:${local.port}, ${filter}, receive buffer ${buffer} KiB` });
          resolve();
        });
      });
    },
    stop() {
      stopping ??= (async () => {
        const s = socket;
        if (s && listening) {
          listening = false;
          unregister();
          s.off('message', receive);
          await new Promise<void>((resolve) => s.close(() => resolve()));
        }
        batcher.flush();
        sink.event({ type: 'stopped' });
      })();
      return stopping;
    },
  };
}
