/** How a row's time and peer read in the table and the detail pane. */
import type { Peer } from '../extension/core/message';
import { displayName } from '../extension/core/quote';

/** Local wall-clock time with milliseconds: `14:03:07.125`. */
export function formatTime(time: number): string {
  const date = new Date(time);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

/** `1234 client.exe` for a pipe client, `10.0.0.5:138 HOST<00>` for a datagram. */
export function describePeer(peer: Peer | undefined): string {
  if (!peer) return '';
  const image = peer.image ? peer.image.split(/[\\/]/).pop() : undefined;
  return displayName([peer.pid, image, peer.address, peer.name].filter((part) => part !== undefined && part !== '').join(' '));
}
