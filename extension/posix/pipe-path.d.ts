import type { Endpoint } from '../core/endpoint';
export declare const PIPE_PREFIX = "CoreFxPipe_";
export declare function pipeDirectory(directory?: string): string;
/** The socket path for a local pipe name; throws clearly for remote names and paths too long for a socket. */
export declare function unixPipePath(endpoint: Endpoint, directory?: string): string;
/** The pipe name for a socket file name, or undefined when it is not a pipe socket. */
export declare function pipeNameOf(fileName: string): string | undefined;
