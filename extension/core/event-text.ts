/** The one text for a watcher's events: `slotpipe watch` prints it, the extension logs it. */
import type { WatcherEvent } from './backend';
import { describePeer } from './peer-text';

/** `watching \\.\pipe\x (detail)`, `\\.\pipe\x: client #1 pid 42 connected`, `\\.\pipe\x: error: …`, `stopped watching \\.\pipe\x`. */
export function describeEvent(path: string, event: WatcherEvent): string {
  switch (event.type) {
    case 'listening':
      return `watching ${path}${event.detail ? ` (${event.detail})` : ''}`;
    case 'connected':
      return `${path}: client ${describePeer(event.peer)} connected`;
    case 'disconnected':
      return `${path}: client ${describePeer(event.peer)} disconnected${event.reason ? `: ${event.reason}` : ''}`;
    case 'notice':
      return `${path}: notice: ${event.message}`;
    case 'error':
      return `${path}: ${event.fatal ? 'error' : 'warning'}: ${event.message}`;
    case 'stopped':
      return `stopped watching ${path}`;
  }
}
