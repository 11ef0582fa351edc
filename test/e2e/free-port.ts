/** A loopback port for a private NetBIOS watcher in a test. */
import net from 'node:net';

export async function freeUdpPortGuess(): Promise<number> {
  // A TCP port free on loopback right now; UDP ports are looked up the same way for a private test.
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}
