/** Pipes off Windows: Unix domain sockets at .NET's `CoreFxPipe_` paths, byte mode. */
export { watchUnixPipe, type UnixPipeWatcher } from './unix-pipe-server';
export { interceptUnixPipe } from './unix-pipe-intercept';
export { connectUnixPipe } from './unix-pipe-client';
export { listUnixPipes } from './pipe-list';
export { unixPipePath } from './pipe-path';
