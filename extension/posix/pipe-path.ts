/**
 * Where a pipe lives off Windows: `\\.\pipe\foo` is the Unix socket `$TMPDIR/CoreFxPipe_foo`, the
 * convention of .NET's NamedPipeServerStream, so .NET programs on Linux and macOS meet Slotpipe there.
 */
import os from 'node:os';
import path from 'node:path';
import type { Endpoint } from '../core/endpoint';

export const PIPE_PREFIX = 'CoreFxPipe_';
/** sun_path holds 108 bytes on Linux, 104 on macOS; keep to the smaller, with the terminating zero. */
export const MAX_SOCKET_PATH = 103;
/** The server binds in a private folder first (`.slotpipe-XXXXXX/s` beside the socket), then links the socket into place. */
const BIND_FOLDER_PREFIX = '.slotpipe-';

export function pipeDirectory(directory?: string): string {
  return directory ?? os.tmpdir();
}

/** The socket path for a local pipe name; throws clearly for remote names and paths too long for a socket. */
export function unixPipePath(endpoint: Endpoint, directory?: string): string {
  if (endpoint.kind !== 'pipe') throw new Error(`${endpoint.path} is a mailslot, not a pipe`);
  if (endpoint.scope !== 'local') {
    throw new Error(
      `${endpoint.path}: pipes on other computers need Windows networking (SMB); off Windows only local pipes (\\\\.\\pipe\\${endpoint.name}) are Unix sockets here`,
    );
  }
  const socketPath = path.join(pipeDirectory(directory), PIPE_PREFIX + endpoint.name);
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
    throw new Error(`${endpoint.path}: its socket path ${socketPath} is ${Buffer.byteLength(socketPath)} bytes; Unix sockets allow at most ${MAX_SOCKET_PATH} (use a shorter name or temp folder)`);
  }
  return socketPath;
}

/** The private folder prefix a server binds in, once its temporary bind path is known to fit in a socket address. */
export function bindFolderPrefix(socketPath: string): string {
  const folder = path.dirname(socketPath);
  const bindPath = path.join(folder, `${BIND_FOLDER_PREFIX}XXXXXX`, 's');
  if (Buffer.byteLength(bindPath) > MAX_SOCKET_PATH) {
    throw new Error(`the temporary folder ${folder} is too long for a Unix socket: the server binds at ${bindPath} first, ${Buffer.byteLength(bindPath)} bytes, and sockets allow at most ${MAX_SOCKET_PATH} (set TMPDIR to a shorter folder)`);
  }
  return path.join(folder, BIND_FOLDER_PREFIX);
}

/** The pipe name for a socket file name, or undefined when it is not a pipe socket. */
export function pipeNameOf(fileName: string): string | undefined {
  return fileName.startsWith(PIPE_PREFIX) && fileName.length > PIPE_PREFIX.length ? fileName.slice(PIPE_PREFIX.length) : undefined;
}
