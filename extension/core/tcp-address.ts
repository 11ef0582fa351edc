/** `tcp://HOST:PORT`: where a discovered server listens, as the CLI and the terminals name it. */

export interface TcpAddress {
  host: string;
  port: number;
  /** `tcp://host:port` (IPv6 hosts in brackets). */
  url: string;
}

export class TcpAddressError extends Error {}

export function isTcpAddress(text: string): boolean {
  return /^tcp:\/\//i.test(text);
}

/** Parses `tcp://HOST:PORT` (or `HOST:PORT` with `bare`); the error says what is wrong. */
export function parseTcpAddress(text: string, bare = false): TcpAddress {
  const rest = isTcpAddress(text) ? text.slice(6) : bare ? text : undefined;
  const match = rest === undefined ? null : /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/.exec(rest.trim());
  if (!match) throw new TcpAddressError(`"${text.slice(0, 100)}" is not a TCP address; write tcp://HOST:PORT, e.g. tcp://10.0.0.5:5000`);
  const port = Number(match[2]);
  if (port < 1 || port > 65535) throw new TcpAddressError(`${text}: the port must be from 1 to 65535`);
  const host = match[1].replace(/^\[(.*)\]$/, '$1');
  return { host, port, url: `tcp://${match[1]}:${port}` };
}
