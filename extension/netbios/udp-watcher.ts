/**
 * Watches mailslots on the wire: a UDP socket on the NetBIOS datagram port (138 by default) that
 * decodes every datagram and hands those for the watched mailslot to the sink in batches. Datagrams are
 * taken off the socket first and decoded once it goes quiet (burst-queue.ts), so a burst is not dropped
 * by the kernel while the watcher decodes.
 * `\\.\mailslot\name` selects datagrams to `\MAILSLOT\name`; `\\.\mailslot\*` selects all of them,
 * including ones that are not mailslot writes or are malformed (shown as they came).
 */
import dgram from 'node:dgram';
import type { WatchOptions, Watcher, WatcherSink } from '../core/backend';
import { ALL_MAILSLOTS, requireLocal } from '../core/endpoint';
import { MessageFlag, type RawMessage } from '../core/message';
import { IPV4_UDP_HEADERS, ipv4AddressBytes } from './ipv4-udp';
import { decodeMailslotDatagram } from './mailslot-datagram';
import { decodeNetbiosName } from './netbios-name';
import { PacketSlab } from './packet-slab';
import { plainMailslotDatagram, readPlainMailslotDatagram, sameNameUpper } from './plain-mailslot-datagram';
import { RepeatFilter } from './repeat-filter';
import { SenderCache, type Sender } from './sender-cache';
import { mailslotWireName } from './smb-mailslot';
import { registerListening } from './shared-sockets';
import { askReceiveBuffer, describeReceiveBuffer, type ReceiveBuffer } from './receive-buffer';
import { bindErrorMessage } from './socket-errors';
import { NETBIOS_DATAGRAM_PORT } from './datagram';
import { FragmentOrigins } from './fragment-origins';
import { BurstQueue } from './burst-queue';

/** The datagram header (type, flags, id, source IP and port) and where a direct datagram's source name starts. */
const DATAGRAM_HEADER = 10;
const SOURCE_NAME_AT = 14;

export interface NetbiosWatcher extends Watcher {
  /** Repeated datagrams (same source, id and bytes) that were dropped. */
  readonly repeats: number;
  /** The bound address and port, once started. */
  readonly local?: { address: string; port: number };
  /** The socket receive buffer asked for and given, once started. */
  readonly receiveBuffer?: ReceiveBuffer;
}

export function watchDatagrams(options: WatchOptions, sink: WatcherSink): NetbiosWatcher {
  const { endpoint } = options;
  if (endpoint.kind !== 'mailslot') throw new Error(`NetBIOS datagrams carry mailslots only; ${endpoint.path} is a pipe`);
  // A mailslot is watched where it is read: on this computer (\\.\mailslot\x = datagrams to \MAILSLOT\x).
  requireLocal(endpoint);
  const port = options.netbios?.port ?? NETBIOS_DATAGRAM_PORT;
  const bindAddress = options.netbios?.bind ?? '0.0.0.0';
  const wanted = endpoint.name === ALL_MAILSLOTS ? undefined : mailslotWireName(endpoint.name).toUpperCase();
  // A continuation fragment names no mailslot: it goes where its first fragment went.
  const fragments = new FragmentOrigins();
  const repeats = new RepeatFilter();
  let socket: dgram.Socket | undefined;
  // What one run of decoding logged, handed to the sink together.
  let decoded: RawMessage[] = [];
  let listening = false;
  let stopping: Promise<void> | undefined;
  let repeatCount = 0;
  let local: { address: string; port: number } | undefined;
  let receiveBuffer: ReceiveBuffer | undefined;
  let unregister = () => {};

  // The common well-formed write is read in place; the name wanted is compared as bytes (printable
  // ASCII only: other names are compared as the full decoder's text, so they always take that path).
  const wantedCodes = wanted !== undefined && /^[\x20-\x7e]*$/.test(wanted) ? Array.from(wanted, (c) => c.charCodeAt(0)) : undefined;
  const readsPlain = wanted === undefined || wantedCodes !== undefined;
  const plain = plainMailslotDatagram();
  const senders = new SenderCache();
  const packets = new PacketSlab();
  // Set once bound (datagrams arrive only then).
  let destination: Uint8Array = new Uint8Array(4);
  let destinationPort = port;

  const handle = (msg: Uint8Array, address: string, sourcePort: number, now: number) => {
    let sender: Sender;
    let dataStart: number;
    let dataEnd: number;
    let flags: number = MessageFlag.network;
    if (readsPlain && readPlainMailslotDatagram(msg, plain)) {
      if (wantedCodes !== undefined && !sameNameUpper(msg, plain.mailslotStart, plain.mailslotEnd, wantedCodes)) return;
      sender = senders.of(address, sourcePort, msg, plain.sourceNameStart, plain.sourceNameEnd);
      dataStart = plain.dataStart;
      dataEnd = plain.dataEnd;
    } else {
      const decoded = decodeMailslotDatagram(msg);
      if (wanted !== undefined && fragments.follow(decoded).toUpperCase() !== wanted) return;
      const name = decoded.datagram.sourceName ? decodeNetbiosName(msg, SOURCE_NAME_AT) : undefined;
      sender = senders.of(address, sourcePort, msg, SOURCE_NAME_AT, SOURCE_NAME_AT + (name?.ok ? name.length : 0));
      // The data is a view of the datagram (or empty), so it is found again inside the wire copy.
      dataStart = decoded.data.length ? decoded.data.byteOffset - msg.byteOffset : 0;
      dataEnd = dataStart + decoded.data.length;
      if (decoded.malformed) flags |= MessageFlag.malformed;
    }
    const length = msg.length;
    // A UDP socket does not learn the destination address: the wire copy shows the bound one.
    const at = packets.write(sender.address, sourcePort, destination, destinationPort, msg);
    const slab = packets.bytes;
    const datagramAt = at + IPV4_UDP_HEADERS;
    // Repeats are told by the source the datagram names (its header), so they need the header.
    if (length >= DATAGRAM_HEADER) {
      const sourceIp = ((msg[4] << 24) | (msg[5] << 16) | (msg[6] << 8) | msg[7]) >>> 0;
      if (repeats.isRepeatFrom(sourceIp, (msg[8] << 8) | msg[9], (msg[2] << 8) | msg[3], slab, datagramAt, length, now)) {
        packets.takeBack(at);
        repeatCount++;
        return;
      }
    }
    decoded.push({
      time: now,
      direction: 'in',
      // A view inside the wire copy, so the log keeps the bytes once; the log keeps the slab itself.
      bytes: new Uint8Array(slab.buffer, slab.byteOffset + datagramAt + dataStart, dataEnd - dataStart),
      peer: sender.peer,
      flags,
      wire: new Uint8Array(slab.buffer, slab.byteOffset + at, IPV4_UDP_HEADERS + length),
      wireFrozen: true,
    });
  };
  const deliver = () => {
    if (!decoded.length) return;
    const batch = decoded;
    decoded = [];
    sink.messages(batch);
  };

  // Taken off the socket at once, decoded once the socket goes quiet (burst-queue.ts).
  const queue = new BurstQueue(handle, deliver, setImmediate);
  const receive = (msg: Buffer, rinfo: dgram.RemoteInfo) => queue.push(msg, rinfo.address, rinfo.port, Date.now());

  return {
    get repeats() {
      return repeatCount;
    },
    get local() {
      return local;
    },
    get receiveBuffer() {
      return receiveBuffer;
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
          receiveBuffer = askReceiveBuffer(s);
          local = s.address();
          destination = ipv4AddressBytes(local.address);
          destinationPort = local.port;
          listening = true;
          unregister = registerListening(local.port, { socket: s, address: local.address });
          s.on('message', receive);
          s.on('error', (err: NodeJS.ErrnoException) => sink.event({ type: 'error', message: `${endpoint.path}: ${err.message}`, code: err.code, fatal: false }));
          const filter = wanted ? `datagrams to ${wanted}` : 'all datagrams';
          // A buffer smaller than asked drops datagrams in long bursts, so the detail says so.
          sink.event({ type: 'listening', detail: `NetBIOS datagrams on UDP ${local.address}:${local.port}, ${filter}, ${describeReceiveBuffer(receiveBuffer)}` });
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
        queue.drain();
        sink.event({ type: 'stopped' });
      })();
      return stopping;
    },
  };
}
