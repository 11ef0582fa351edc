export type SocketFileState = 'absent' | 'live' | 'stale';
export declare function socketFileState(socketPath: string): Promise<SocketFileState>;
/** Removes a stale socket file (after a fresh probe); returns whether it was removed. */
export declare function removeIfStale(socketPath: string): Promise<boolean>;
