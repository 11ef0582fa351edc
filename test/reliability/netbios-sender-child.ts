/**
 * Sends through Slotpipe's NetBIOS sender as configured on the command line, a JSON list of cases
 * as the argument: `{ "endpoint": "\\\\*\\mailslot\\x", "options": {...}, "count": 3, "size"?: 600 }`. Waits for a
 * line on stdin first (the capture is running then), prints `SENT <i> <address>:<port>` per case or
 * `REFUSED <i> <message>` when the sender refused, then `DONE`.
 */
import readline from 'node:readline';
import { parseEndpoint } from '../../extension/core/endpoint';
import type { NetbiosSendOptions } from '../../extension/core/backend';
import { openDatagramSender } from '../../extension/netbios/udp-sender';
import { errorMessage } from '../../extension/core/error-message';

interface SendCase {
  endpoint: string;
  options: NetbiosSendOptions;
  count: number;
  /** Send this many zero bytes instead of a short text. */
  size?: number;
}

async function main() {
  const cases = JSON.parse(process.argv[2]) as SendCase[];
  await new Promise((resolve) => readline.createInterface({ input: process.stdin }).once('line', resolve));
  for (const [i, c] of cases.entries()) {
    try {
      const sender = await openDatagramSender(parseEndpoint(c.endpoint), c.options);
      for (let n = 0; n < c.count; n++) await sender.send(c.size ? new Uint8Array(c.size) : new TextEncoder().encode(`case ${i} message ${n}`));
      await sender.close();
      console.log(`SENT ${i} ${sender.target.address}:${sender.target.port}`);
    } catch (err) {
      console.log(`REFUSED ${i} ${errorMessage(err)}`);
    }
  }
  console.log('DONE');
  process.exit(0);
}

void main();
