/**
 * Sends mailslot messages as NetBIOS datagrams, the way Windows does for remote mailslot names:
 * - `\\*\mailslot\x`: a group datagram to `WORKGROUP<00>` at the broadcast address (`suffix` picks another
 *   name of the workgroup, e.g. 0x1d for its local master browser);
 * - `\\DOMAIN\mailslot\x` (the host equals the workgroup): a group datagram to `DOMAIN<00>`, broadcast;
 * - `\\MACHINE\mailslot\x`: a unique datagram to `MACHINE<00>` at `to`, or at the address a NetBIOS
 *   name query finds;
 * - `\\.\mailslot\x`: a unique datagram to this computer's own name at `to` (default 127.0.0.1), so a
 *   watcher on this machine receives it.
 * Replies go to the UDP source port. With `sourcePort` the datagrams leave from that port: through
 * the socket of a watcher of this process listening there (so it sees the replies), or else a socket
 * bound to it. Without, any free port is used (no privileges needed) and the header names 138.
 */
import dgram from 'node:dgram';
import os from 'node:os';
import type { NetbiosSendOptions, Sender } from '../core/backend';
import { REMOTE_MAILSLOT_LIMIT, type Endpoint } from '../core/endpoint';
import { DatagramType, NETBIOS_DATAGRAM_PORT } from './datagram';
import { buildIpv4Udp } from './ipv4-udp';
import { encodeMailslotDatagram } from './mailslot-datagram';
import { formatNetbiosName, parseNetbiosName, type NetbiosName } from './netbios-name';
import { NAME_SERVICE_PORT, resolveNetbiosName } from './name-resolver';
import { listeningSocket } from './shared-sockets';
import { bindErrorMessage } from './socket-errors';
import { subnetBroadcast } from './subnet-broadcast';
import { errorMessage } from '../core/error-message';

export const DEFAULT_WORKGROUP = 'WORKGROUP';

export interface DatagramTarget {
  type: number;
  name: NetbiosName;
  address: string;
  port: number;
}

export interface NetbiosSender extends Sender {
  /** Where the datagrams go. */
  readonly target: DatagramTarget;
  /** The name and address each datagram says it comes from. */
  readonly source: { name: NetbiosName; address: string; port: number };
  /** The last datagram sent, as the IPv4 packet it was (for a log entry with MessageFlag.network and `wire`). */
  readonly lastWire: Uint8Array | undefined;
}

/** This computer's NetBIOS name: the host name's first label, upper case, at most 15 characters. */
export function defaultNetbiosName(): string {
  return os.hostname().split('.')[0].slice(0, 15).toUpperCase() || 'SLOTPIPE';
}

export async function openDatagramSender(endpoint: Endpoint, options: NetbiosSendOptions = {}): Promise<NetbiosSender> {
  if (endpoint.kind !== 'mailslot') throw new Error(`NetBIOS datagrams carry mailslots only; ${endpoint.path} is a pipe`);
  const port = options.port ?? NETBIOS_DATAGRAM_PORT;
  const workgroup = options.workgroup ?? DEFAULT_WORKGROUP;
  const ownName = parseNetbiosName(options.name ?? defaultNetbiosName());
  const target = await chooseTarget(endpoint, options, workgroup, ownName, port);
  const shared = options.sourcePort !== undefined ? listeningSocket(options.sourcePort) : undefined;
  const socket = shared ?? await openSocket(options.sourcePort);
  const sourceAddress = await routeSourceAddress(target.address, port).catch((err) => {
    if (!shared) socket.close();
    throw err;
  });
  const source = { name: ownName, address: sourceAddress, port: options.sourcePort ?? NETBIOS_DATAGRAM_PORT };
  let nextId = Math.floor(Math.random() * 0x10000);
  let lastWire: Uint8Array | undefined;
  let closed = false;
  const ignoreError = () => {
    // Send errors reach the send() callback; nothing else is expected on an unconnected socket.
  };
  if (!shared) socket.on('error', ignoreError);

  return {
    target,
    source,
    get lastWire() {
      return lastWire;
    },
    send(bytes: Uint8Array) {
      if (closed) return Promise.reject(new Error(`the sender for ${endpoint.path} is closed`));
      if (bytes.length > REMOTE_MAILSLOT_LIMIT) {
        return Promise.reject(new Error(
          `the message is ${bytes.length} bytes; a mailslot message sent over the network (${endpoint.path} as a NetBIOS datagram) is limited to ${REMOTE_MAILSLOT_LIMIT} bytes`,
        ));
      }
      let datagram: Uint8Array;
      try {
        datagram = encodeMailslotDatagram({
          type: target.type, more: false, first: true, nodeType: 0, id: nextId, sourceIp: source.address, sourcePort: source.port,
          sourceName: ownName, destinationName: target.name, mailslot: endpoint.name, data: bytes,
        });
      } catch (err) {
        return Promise.reject(new Error(`cannot send to ${endpoint.path}: ${errorMessage(err)}`));
      }
      nextId = (nextId + 1) & 0xffff;
      lastWire = buildIpv4Udp(source.address, socket.address().port, target.address, target.port, datagram, nextId);
      return new Promise<void>((resolve, reject) => {
        socket.send(datagram, target.port, target.address, (err) => {
          if (err) reject(new Error(`sending to ${formatNetbiosName(target.name)} at ${target.address}:${target.port} failed: ${err.message}`));
          // Node completes most UDP sends at once; yielding to the event loop lets receivers in this
          // process (and its other I/O) keep up with a sender in a loop, so datagrams are not dropped.
          else setImmediate(resolve);
        });
      });
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      // A watcher's socket stays open: it belongs to the watcher.
      if (shared) return Promise.resolve();
      return new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}

async function chooseTarget(endpoint: Endpoint, options: NetbiosSendOptions, workgroup: string, ownName: NetbiosName, port: number): Promise<DatagramTarget> {
  const broadcastAddress = () => options.to ?? options.broadcast ?? subnetBroadcast();
  if (endpoint.scope === 'local') {
    return { type: DatagramType.directUnique, name: { ...ownName, suffix: 0x00 }, address: options.to ?? '127.0.0.1', port };
  }
  const suffix = options.suffix ?? 0x00;
  if (!Number.isInteger(suffix) || suffix < 0 || suffix > 0xff) throw new Error(`the NetBIOS suffix must be a byte (0 to 255), got ${suffix}`);
  if (endpoint.scope === 'broadcast') {
    return { type: DatagramType.directGroup, name: parseNetbiosName(workgroup, suffix), address: broadcastAddress(), port };
  }
  if (/^\d+\.\d+\.\d+\.\d+$/.test(endpoint.host)) {
    throw new Error(`${endpoint.path}: name the machine by its NetBIOS name and give its address with --to ${endpoint.host}`);
  }
  const name = parseNetbiosName(endpoint.host, suffix);
  if (name.name === parseNetbiosName(workgroup).name) {
    return { type: DatagramType.directGroup, name, address: broadcastAddress(), port };
  }
  const address = options.to ?? await resolveNetbiosName(name, {
    address: options.broadcast ?? subnetBroadcast(),
    port: options.nameServicePort ?? NAME_SERVICE_PORT,
    timeout: options.nameQueryTimeout,
  });
  return { type: DatagramType.directUnique, name, address, port };
}

/** A socket of its own: on `port` when given (shared with other listeners), else on any free port. */
function openSocket(port: number | undefined): Promise<dgram.Socket> {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: port !== undefined });
  return new Promise((resolve, reject) => {
    socket.once('error', (err: NodeJS.ErrnoException) => {
      socket.close();
      reject(new Error(bindErrorMessage(err, '0.0.0.0', port ?? 0, 'cannot open the datagram sender')));
    });
    socket.bind(port ?? 0, () => {
      socket.removeAllListeners('error');
      socket.setBroadcast(true);
      resolve(socket);
    });
  });
}

/** The local address the system would send from to reach `address` (what the datagram header names). */
function routeSourceAddress(address: string, port: number): Promise<string> {
  const probe = dgram.createSocket('udp4');
  return new Promise<string>((resolve, reject) => {
    probe.once('error', (err) => {
      probe.close();
      reject(new Error(`no route to ${address}: ${err.message}`));
    });
    probe.bind(0, () => {
      probe.setBroadcast(true);
      probe.connect(port, address, () => {
        const local = probe.address().address;
        probe.close();
        resolve(local);
      });
    });
  });
}
