/**
 * The one place that picks a transport for an endpoint on this platform:
 * Win32 mailslots and pipes on Windows; off Windows, mailslots as NetBIOS datagrams and pipes as Unix sockets.
 * Backends are imported lazily so that activation never pays for koffi (and non-Windows hosts never load it).
 */
import type { Endpoint } from './core/endpoint';
import type {
  NetbiosSendOptions, PipeClient, PipeClientOptions, PipeInfo, Sender, WatchOptions, Watcher, WatcherSink,
} from './core/backend';

export type BackendName = 'win32' | 'netbios' | 'unix';

export interface BackendChoice {
  /** Use NetBIOS datagrams for mailslots even on Windows (to watch the wire, not a local mailslot). */
  netbios?: boolean;
  platform?: NodeJS.Platform;
}

export function backendFor(endpoint: Endpoint, choice: BackendChoice = {}): BackendName {
  if (endpoint.kind === 'mailslot') return choice.netbios || (choice.platform ?? process.platform) !== 'win32' ? 'netbios' : 'win32';
  if (choice.netbios) throw new Error(`NetBIOS datagrams carry mailslots only; ${endpoint.path} is a pipe`);
  return (choice.platform ?? process.platform) === 'win32' ? 'win32' : 'unix';
}

/** Creates (does not start) a watcher for the endpoint. */
export async function createWatcher(options: WatchOptions, sink: WatcherSink, choice: BackendChoice = {}): Promise<Watcher> {
  const endpoint = options.endpoint;
  switch (backendFor(endpoint, choice)) {
    case 'win32':
      return endpoint.kind === 'mailslot'
        ? (await import('./win32/mailslot-watcher')).watchMailslot(options, sink)
        : (await import('./win32/pipe-server')).watchPipe(options, sink);
    case 'netbios':
      return (await import('./netbios/index')).watchDatagrams(options, sink);
    case 'unix': {
      const posix = await import('./posix/index');
      return options.intercept ? posix.interceptUnixPipe(options, sink) : posix.watchUnixPipe(options, sink);
    }
  }
}

/** Opens a sender for a mailslot, or a pipe client whose replies go nowhere (use connectPipe to see them). */
export async function openSender(endpoint: Endpoint, options: { netbios?: NetbiosSendOptions } = {}, choice: BackendChoice = {}): Promise<Sender> {
  switch (backendFor(endpoint, choice)) {
    case 'win32':
      return endpoint.kind === 'mailslot'
        ? (await import('./win32/mailslot-sender')).openMailslotSender(endpoint)
        : connectPipe(endpoint, {}, ignoreSink);
    case 'netbios':
      return (await import('./netbios/index')).openDatagramSender(endpoint, options.netbios ?? {});
    case 'unix':
      return connectPipe(endpoint, {}, ignoreSink);
  }
}

export async function connectPipe(endpoint: Endpoint, options: PipeClientOptions, sink: WatcherSink, choice: BackendChoice = {}): Promise<PipeClient> {
  if (endpoint.kind !== 'pipe') throw new Error(`${endpoint.path} is a mailslot; only pipes can be connected to`);
  return backendFor(endpoint, choice) === 'win32'
    ? (await import('./win32/pipe-client')).connectPipe(endpoint, options, sink)
    : (await import('./posix/index')).connectUnixPipe(endpoint, options, sink);
}

export async function listPipes(platform: NodeJS.Platform = process.platform): Promise<PipeInfo[]> {
  return platform === 'win32'
    ? (await import('./win32/pipe-list')).listPipes()
    : (await import('./posix/index')).listUnixPipes();
}

const ignoreSink: WatcherSink = { messages() {}, event() {} };
