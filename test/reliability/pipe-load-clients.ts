/**
 * A separate process of pipe clients for the load tests off Windows: opens `clients` connections to
 * `\\.\pipe\<name>` at once through Slotpipe's Unix-socket client and writes `count` numbered lines on
 * each, `c<k>:<i>` plus padding to `size` bytes. Prints `CONNECTED <clients>` once all are open, then
 * `SENT <total>` when every write is done.
 *   node --import tsx pipe-load-clients.ts <socket-folder> <pipe-name> <clients> <count> [size]
 */
import { parseEndpoint } from '../../extension/core/endpoint';
import { connectUnixPipe } from '../../extension/posix/unix-pipe-client';
import { loadLine } from './load-lines';
import { errorMessage } from '../../extension/core/error-message';

const [directory, name, clientsText, countText, sizeText] = process.argv.slice(2);
const clients = Number(clientsText);
const count = Number(countText);
const size = Number(sizeText ?? 0);
const ignore = { messages() {}, event() {} };

async function main() {
  const endpoint = parseEndpoint(`\\\\.\\pipe\\${name}`);
  const connections = await Promise.all(
    Array.from({ length: clients }, () => connectUnixPipe(endpoint, { busyTimeout: 30_000, posix: { directory } }, ignore)),
  );
  console.log(`CONNECTED ${connections.length}`);
  await Promise.all(connections.map(async (client, k) => {
    for (let i = 0; i < count; i++) await client.send(loadLine(k, i, size));
  }));
  await Promise.all(connections.map((client) => client.close()));
  console.log(`SENT ${clients * count}`);
}

main().catch((err) => {
  console.log(`ERROR ${errorMessage(err)}`);
  process.exit(1);
});
