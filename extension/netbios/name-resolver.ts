/**
 * Finds a machine's address by its NetBIOS name: a name query (UDP 137) to a broadcast address (or a
 * name server), answered by the machine that owns the name. Retries a few times, then fails clearly.
 */
import dgram from 'node:dgram';
import { decodeNameQueryResponse, encodeNameQuery } from './name-query';
import { formatNetbiosName, type NetbiosName } from './netbios-name';

export const NAME_SERVICE_PORT = 137;

export interface ResolveOptions {
  /** Where the query goes: a broadcast address, or a name server's address. */
  address: string;
  port?: number;
  /** The whole wait, in ms (default 3000); the query is repeated three times within it. */
  timeout?: number;
  broadcast?: boolean;
}

export function resolveNetbiosName(name: NetbiosName, options: ResolveOptions): Promise<string> {
  const port = options.port ?? NAME_SERVICE_PORT;
  const timeout = options.timeout ?? 3000;
  const id = Math.floor(Math.random() * 0x10000);
  const query = encodeNameQuery(id, name, options.broadcast ?? true);
  const shown = formatNetbiosName(name);
  const socket = dgram.createSocket('udp4');
  return new Promise<string>((resolve, reject) => {
    let resend: NodeJS.Timeout | undefined;
    let deadline: NodeJS.Timeout | undefined;
    const finish = (error: Error | undefined, address?: string) => {
      clearInterval(resend);
      clearTimeout(deadline);
      socket.close();
      if (error) reject(error);
      else resolve(address as string);
    };
    const send = () => socket.send(query, port, options.address, (err) => err && finish(new Error(`the NetBIOS name query for ${shown} to ${options.address}:${port} failed: ${err.message}`)));
    socket.on('error', (err) => finish(new Error(`the NetBIOS name query for ${shown} failed: ${err.message}`)));
    socket.on('message', (msg) => {
      const response = decodeNameQueryResponse(new Uint8Array(msg.buffer, msg.byteOffset, msg.length));
      if (!response || response.id !== id) return;
      if (!response.ok) return finish(new Error(`no machine named ${shown}: ${response.reason}`));
      const first = response.addresses[0];
      if (!first) return finish(new Error(`the answer for ${shown} holds no address`));
      finish(undefined, first.address);
    });
    socket.bind(0, () => {
      socket.setBroadcast(true);
      send();
      resend = setInterval(send, Math.max(50, Math.floor(timeout / 3)));
      deadline = setTimeout(
        () => finish(new Error(`nobody answered the NetBIOS name query for ${shown} sent to ${options.address}:${port} within ${timeout} ms; give the machine's address with --to`)),
        timeout,
      );
    });
  });
}
