/** The one text for a message's peer: the CLI's lines, the output channel, the panel and its filter. */
import type { Peer } from './message';
import { displayName } from './quote';

/**
 * Every field the transport gave, in one order: `#3 pid 4242 C:\Tools\client.exe` for a pipe client,
 * `10.0.0.5:138 HOST<00>` for a datagram. `brief` is for a table cell: no connection number (the
 * connection has a column of its own) and the image's file name without its folder.
 */
export function describePeer(peer: Peer | undefined, form: 'full' | 'brief' = 'full'): string {
  if (!peer) return '';
  const image = form === 'brief' ? peer.image?.split(/[\\/]/).pop() : peer.image;
  const text = [
    form === 'full' && peer.connection !== undefined ? `#${peer.connection}` : undefined,
    peer.pid !== undefined ? `pid ${peer.pid}` : undefined,
    image,
    peer.address,
    peer.name,
  ].filter((part) => part !== undefined && part !== '').join(' ');
  // Names and images come from other programs and the network: controls are shown escaped.
  return displayName(text);
}
