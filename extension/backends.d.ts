/**
 * The one place that picks a transport for an endpoint on this platform:
 * Win32 mailslots and pipes on Windows; off Windows, mailslots as NetBIOS datagrams and pipes as Unix sockets.
 * Backends are imported lazily so that activation never pays for koffi (and non-Windows hosts never load it).
 */
import type { Endpoint } from './core/endpoint';
import type { NetbiosSendOptions, PipeClient, PipeClientOptions, PipeInfo, Sender, WatchOptions, Watcher, WatcherSink } from './core/backend';
export type BackendName = 'win32' | 'netbios' | 'unix';
export interface BackendChoice {
    /** Use NetBIOS datagrams for mailslots even on Windows (to watch the wire, not a local mailslot). */
    netbios?: boolean;
    platform?: NodeJS.Platform;
}
export declare function backendFor(endpoint: Endpoint, choice?: BackendChoice): BackendName;
/** Creates (does not start) a watcher for the endpoint. */
export declare function createWatcher(options: WatchOptions, sink: WatcherSink, choice?: BackendChoice): Promise<Watcher>;
/** Opens a sender for a mailslot, or a pipe client whose replies go nowhere (use connectPipe to see them). */
export declare function openSender(endpoint: Endpoint, options?: {
    netbios?: NetbiosSendOptions;
}, choice?: BackendChoice): Promise<Sender>;
export declare function connectPipe(endpoint: Endpoint, options: PipeClientOptions, sink: WatcherSink, choice?: BackendChoice): Promise<PipeClient>;
export declare function listPipes(platform?: NodeJS.Platform): Promise<PipeInfo[]>;
