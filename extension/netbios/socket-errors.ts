/** Turns the errors of binding UDP sockets into sentences that say what to do. */

export function bindErrorMessage(err: NodeJS.ErrnoException, address: string, port: number, what: string): string {
  const where = `UDP ${address}:${port}`;
  switch (err.code) {
    case 'EACCES':
    case 'EPERM':
      return `${what}: binding ${where} needs privileges (ports below 1024 are reserved). Either run as root, ` +
        'grant the capability (setcap cap_net_bind_service=+ep on the node binary), allow it with ' +
        `sysctl net.ipv4.ip_unprivileged_port_start=${port}, or choose a port of 1024 or more with --port`;
    case 'EADDRINUSE':
      return `${what}: ${where} is already in use by a program that does not share it (Samba's nmbd shares it; ` +
        'another Slotpipe watcher with reuseAddr off does not); stop that program or choose another --port';
    case 'EADDRNOTAVAIL':
      return `${what}: ${address} is not an address of this computer; choose one of its addresses with --bind`;
    default:
      return `${what}: cannot bind ${where}: ${err.message}`;
  }
}
