/**
 * What every transport backend offers (Win32 mailslots and pipes, NetBIOS datagrams, Unix-socket
 * pipes), so the extension, the CLI and the tests cannot tell them apart. Types only.
 */
import type { Endpoint } from './endpoint';
import type { Peer, RawMessage } from './message';
import type { NetbiosWatchValues, WatcherOptionValues } from './watcher-options';

export type PipeDirection = NonNullable<WatcherOptionValues['direction']>;
export type PipeMode = NonNullable<WatcherOptionValues['pipeMode']>;

/** What a watcher is started with: the endpoint and the options of core/watcher-options.ts (`proxyTo` parsed). */
export interface WatchOptions extends Omit<WatcherOptionValues, 'proxyTo'> {
  endpoint: Endpoint;
  /** Pipe proxy: relay every client, both directions and message by message, to the real server here. */
  proxyTo?: Endpoint;
  /** Pipe server: buffer sizes handed to the OS. */
  inBufferSize?: number;
  outBufferSize?: number;
  /** NetBIOS datagram watcher: UDP port (default 138), address to bind, and the like. */
  netbios?: NetbiosWatchOptions;
  /** Unix-socket pipe server (off Windows). */
  posix?: PosixPipeOptions;
}

export interface NetbiosWatchOptions extends NetbiosWatchValues {
  /** Share the port with other listeners such as Samba's nmbd (default true). */
  reuseAddr?: boolean;
}

export interface NetbiosSendOptions {
  port?: number;
  /** Destination address (unicast, or the broadcast address). */
  to?: string;
  broadcast?: string;
  workgroup?: string;
  /** Own NetBIOS name. */
  name?: string;
  /** The port datagrams leave from and name as their source, where replies come back (a watcher of this process on it shares its socket). Default: any free port, 138 in the header. */
  sourcePort?: number;
  /** UDP port of the NetBIOS name service used to resolve `\\machine\...` without `to` (default 137). */
  nameServicePort?: number;
  /** How long a name query waits for an answer, in ms (default 3000). */
  nameQueryTimeout?: number;
  /** The destination name's suffix byte (default 0x00); 0x1d reaches a workgroup's local master browser, 0x1b its domain master. */
  suffix?: number;
}

/** Unix-socket pipes: where the sockets live and who may use them. */
export interface PosixPipeOptions {
  /** Folder of the `CoreFxPipe_*` sockets (default: the temp folder, as .NET uses). */
  directory?: string;
  /** Permission bits of a server's socket file (default 0o600: only this user). */
  mode?: number;
}

export type WatcherEvent =
  | { type: 'listening'; detail?: string }
  | { type: 'connected'; peer: Peer }
  | { type: 'disconnected'; peer: Peer; reason?: string }
  /** What the watcher could not see, e.g. a live intercept's clients that went past it. */
  | { type: 'notice'; message: string; /** A later notice with the same key replaces this one. */ key?: string }
  /** A problem; `fatal` means the watcher stopped because of it. */
  | { type: 'error'; message: string; code?: string; fatal: boolean }
  | { type: 'stopped' };

/** Where a backend delivers what it sees. Called on the main thread, in batches. */
export interface WatcherSink {
  messages(batch: RawMessage[]): void;
  event(event: WatcherEvent): void;
}

export interface Watcher {
  /** Resolves once the endpoint exists and is listening; rejects with a clear error otherwise. */
  start(): Promise<void>;
  /** Returns within 500 ms with every handle and socket closed. Safe to call twice. */
  stop(): Promise<void>;
  /** Pipe servers: write to one connected client (by `Peer.connection`), or to all when omitted. */
  send?(bytes: Uint8Array, connection?: number): Promise<void>;
}

export interface Sender {
  send(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export interface PipeClientOptions {
  /** How long to wait for a busy pipe (all instances in use), in ms (default 5000). */
  busyTimeout?: number;
  netbios?: never;
  /** Unix-socket pipes (off Windows): only `directory` applies to a client. */
  posix?: PosixPipeOptions;
}

/** A connected pipe client: messages it receives arrive at the sink with direction 'in'. */
export interface PipeClient {
  readonly messageMode: boolean;
  send(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export interface PipeInfo {
  /** `\\.\pipe\name`. */
  path: string;
  name: string;
  currentInstances?: number;
  maxInstances?: number;
}
