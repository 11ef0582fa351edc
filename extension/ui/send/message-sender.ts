/**
 * Sends one message to an endpoint and logs it as outgoing traffic. A pipe Slotpipe itself serves
 * answers its connected clients; anything else is reached through backends.ts. A mailslot that a
 * local watcher receives as NetBIOS datagrams on a custom UDP port is sent to that port on loopback.
 */
import { checkMailslotPayload, parseEndpoint, type Endpoint, watcherId } from '../../core/endpoint';
import type { NetbiosSendOptions } from '../../core/backend';
import { openSender } from '../../backends';
import type { TrafficLog } from '../../core/traffic-log';
import { WatcherManager } from '../../watchers/watcher-manager';
import { requireTrustToSend } from '../workspace-trust';

export interface SendTarget {
  endpoint: string;
  netbios?: NetbiosSendOptions;
}

export class MessageSender {
  constructor(
    private readonly manager: WatcherManager,
    private readonly log: TrafficLog,
  ) {}

  async send(target: SendTarget, bytes: Uint8Array): Promise<void> {
    requireTrustToSend();
    const endpoint = parseEndpoint(target.endpoint, 'mailslot');
    checkMailslotPayload(endpoint, bytes.length);
    const id = watcherId(endpoint.path);
    const own = this.manager.get(id);
    if (endpoint.kind === 'pipe' && own?.state === 'listening') {
      await this.manager.send(id, bytes);
    } else {
      const netbios = target.netbios ?? this.netbiosFor(endpoint);
      const sender = await openSender(endpoint, { netbios }, { netbios: netbios !== undefined });
      try {
        await sender.send(bytes);
      } finally {
        await sender.close();
      }
    }
    this.log.append(`sent:${id}`, endpoint.path, [{ time: Date.now(), direction: 'out', bytes }]);
  }

  private netbiosFor(endpoint: Endpoint): NetbiosSendOptions | undefined {
    if (endpoint.kind !== 'mailslot') return undefined;
    const watched = this.manager.setting(watcherId(`\\\\.\\mailslot\\${endpoint.name}`));
    if (!watched?.netbios?.port) return undefined;
    const bind = watched.netbios.bind;
    return { port: watched.netbios.port, to: bind && bind !== '0.0.0.0' ? bind : '127.0.0.1' };
  }
}
