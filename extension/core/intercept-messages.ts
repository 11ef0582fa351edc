/**
 * What a live intercept says: why it cannot start (each refusal with the way out) and what it could not
 * see. One place for the words, so the Win32 and Unix-socket intercepts, the CLI and the tests agree.
 */

/** The way out when Slotpipe cannot add an instance of its own: the rename proxy. */
export function renameProxyHint(path: string): string {
  return `use the rename proxy: start the server under another name and run slotpipe watch ${path} --proxy-to \\\\.\\pipe\\NEW (or a watcher with "proxyTo")`;
}

export const refusal = {
  noServer: (path: string) => `No server is listening on ${path}, so there is nothing to intercept (start the server first)`,
  allBusy: (path: string) => `Every instance of ${path} stayed busy and the server allows no further one; ${renameProxyHint(path)}`,
  instanceLimit: (path: string, limit: number) =>
    `The server allows ${limit} instance${limit === 1 ? '' : 's'} of ${path} and ${limit === 1 ? 'it is' : 'all are'} in use, so Slotpipe cannot add its own; ${renameProxyHint(path)}`,
  oneAtATime: (path: string) =>
    `The server made no new instance of ${path} while Slotpipe held the one it listened on: it serves one client at a time, ` +
    `and a server that creates each instance with FILE_FLAG_FIRST_PIPE_INSTANCE could not listen again while an instance of Slotpipe's exists, ` +
    `so Slotpipe stepped aside before creating one; ${renameProxyHint(path)}`,
  accessDenied: (path: string) =>
    `This user may not create instances of ${path} (the pipe's security descriptor withholds FILE_CREATE_PIPE_INSTANCE, or the server's pipe differs in direction or type); ` +
    `run Slotpipe as the server's user, or ${renameProxyHint(path)}`,
  typeDiffers: (path: string, server: string, asked: string) =>
    `The server's ${path} is a ${server} pipe and this watcher asks for ${asked}; leave pipeMode (--pipe-mode) unset to take the server's`,
  directionDiffers: (path: string, server: string, asked: string) =>
    `The server's ${path} is ${server} and this watcher asks for ${asked}; leave direction (--direction) unset to take the server's`,
  ownInstance: (path: string) => `${path} already leads to this process: it is intercepted already`,
  stoppedListening: (path: string) =>
    `The server made no new instance of ${path} (it may have exited, or cannot create one while Slotpipe holds an instance): ` +
    `Slotpipe stepped aside and closed its instances, so new clients reach the server directly once it listens again`,
} as const;

export const notice = {
  preExisting: (path: string, count: number) =>
    `${count} connection${count === 1 ? '' : 's'} to ${path} existed before the intercept started and ${count === 1 ? 'is' : 'are'} not seen`,
  bypassed: (count: number) =>
    `${count} client${count === 1 ? '' : 's'} may have bypassed the intercept (the server's free instance was taken by someone else before Slotpipe's)`,
} as const;
