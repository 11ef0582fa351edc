/** `forbidden`: a socket this user may not connect to (another user's), live or stale: it cannot be told. */
export type SocketFileState = 'absent' | 'live' | 'stale' | 'forbidden';
export declare function socketFileState(socketPath: string): Promise<SocketFileState>;
/** Removes a stale socket file (after a fresh probe); returns whether it was removed. */
export declare function removeIfStale(socketPath: string): Promise<boolean>;
