/**
 * Sends mailslot messages as NetBIOS datagrams, the way Windows does for remote mailslot names:
 * - `\\*\mailslot\x`: a group datagram to `WORKGROUP<00>` at the broadcast address;
 * - `\\DOMAIN\mailslot\x` (the host equals the workgroup): a group datagram to `DOMAIN<00>`, broadcast;
 * - `\\MACHINE\mailslot\x`: a unique datagram to `MACHINE<00>` at `to`, or at the address a NetBIOS
 *   name query finds;
 * - `\\.\mailslot\x`: a unique datagram to this computer's own name at `to` (default 127.0.0.1), so a
 *   watcher on this machine receives it.
 * The socket uses any free port, so sending needs no privileges; each datagram names `sourcePort`
 * (default 138) as where replies go.
 */
import dgram from 'node:dgram';
import os from 'node:os';
import type { NetbiosSendOptions, Sender } from '../core/backend';
import { REMOTE_MAILSLOT_LIMIT, type Endpoint } from '../core/endpoint';
import { NETBIOS_DATAGRAM_PORT } from './capture';
import { DatagramType } from './datagram';
import { encodeMailslotDatagram } from './mailslot-datagram';
import { formatNetbiosName, parseNetbiosName, type NetbiosName } from './netbios-name';
import { NAME_SERVICE_PORT, resolveNetbiosName } from './name-resolver';
import { subnetBroadcast } from './subnet-broadcast';

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
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, () => {
      socket.off('error', reject);
      socket.setBroadcast(true);
      resolve();
    });
  });
  const sourceAddress = await routeSourceAddress(target.address, port).catch((err) => {
    socket.close();
    throw err;
  });
  const source = { name: ownName, address: sourceAddress, port: options.sourcePort ?? NETBIOS_DATAGRAM_PORT };
  let nextId = Math.floor(Math.random() * 0x10000);
  let closed = false;
  socket.on('error', () => {
    // Send errors reach the send() callback; nothing else is expected on an unconnected socket.
  });

  return {
    target,
    source,
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
        return Promise.reject(new Error(`cannot send to ${endpoint.path}: ${(err as Error).message}`));
      }
      nextId = (nextId + 1) & 0xffff;
      return new Promise<void>((resolve, reject) => {
        socket.send(datagram, target.port, target.address, (err) => {
          if (err) reject(new Error(`sending to ${formatNetbiosName(target.name)} at ${target.address}:${target.port} failed: ${err.message}`));
          else resolve();
        });
      });
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}

async function chooseTarget(endpoint: Endpoint, options: NetbiosSendOptions, workgroup: string, ownName: NetbiosName, port: number): Promise<DatagramTarget> {
  const broadcastAddress = () => options.to ?? options.broadcast ?? subnetBroadcast();
  if (endpoint.scope === 'local') {
    return { type: DatagramType.directUnique, name: { ...ownName, suffix: 0x00 }, address: options.to ?? '127.0.0.1', port };
  }
  if (endpoint.scope === 'broadcast') {
    return { type: DatagramType.directGroup, name: parseNetbiosName(workgroup, 0x00), address: broadcastAddress(), port };
  }
  if (/^\d+\.\d+\.\d+\.\d+$/.test(endpoint.host)) {
    throw new Error(`${endpoint.path}: name the machine by its NetBIOS name and give its address with --to ${endpoint.host}`);
  }
  const name = parseNetbiosName(endpoint.host, 0x00);
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
