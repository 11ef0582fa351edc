/** One UDP datagram to a loopback port, as any other program would send it. */
import dgram from 'node:dgram';

export function sendRaw(bytes: Uint8Array, port: number): Promise<void> {
  const socket = dgram.createSocket('udp4');
  return new Promise((resolve, reject) => socket.send(bytes, port, '127.0.0.1', (err) => {
    socket.close();
    if (err) reject(err);
    else resolve();
  }));
}
