import type { Endpoint } from '../core/endpoint';
export declare const PIPE_PREFIX = "CoreFxPipe_";
/** sun_path holds 108 bytes on Linux, 104 on macOS; keep to the smaller, with the terminating zero. */
export declare const MAX_SOCKET_PATH = 103;
export declare function pipeDirectory(directory?: string): string;
/** The socket path for a local pipe name; throws clearly for remote names and paths too long for a socket. */
export declare function unixPipePath(endpoint: Endpoint, directory?: string): string;
/** The private folder prefix a server binds in, once its temporary bind path is known to fit in a socket address. */
export declare function bindFolderPrefix(socketPath: string): string;
/** The pipe name for a socket file name, or undefined when it is not a pipe socket. */
export declare function pipeNameOf(fileName: string): string | undefined;
