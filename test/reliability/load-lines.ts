/**
 * The numbered lines the load tests send, `c<client>:<index>` padded with dots to a size, and the check
 * that what arrived on each connection is exactly one client's lines, all of them, in order.
 */
const encoder = new TextEncoder();

export function loadLine(client: number, index: number, size = 0): Uint8Array {
  const text = `c${client}:${index}`;
  return encoder.encode(`${text.padEnd(Math.max(size - 1, text.length), '.')}\n`);
}

export interface StreamCheck {
  /** Client number per connection. */
  clientOf: Map<number, number>;
  lines: number;
}

/**
 * `streams`: the bytes each connection delivered, joined. Throws naming the connection when a
 * stream holds lines of two clients, misses one, or has them out of order.
 */
export function checkStreams(streams: Map<number, string>, clients: number, count: number): StreamCheck {
  const clientOf = new Map<number, number>();
  let lines = 0;
  for (const [connection, text] of streams) {
    const got = text.split('\n');
    if (got.pop() !== '') throw new Error(`connection ${connection}: the stream ends in the middle of a line`);
    const client = Number(/^c(\d+):/.exec(got[0] ?? '')?.[1]);
    if (!Number.isInteger(client)) throw new Error(`connection ${connection}: first line ${JSON.stringify(got[0])} names no client`);
    for (let i = 0; i < got.length; i++) {
      const [id, index] = got[i].replace(/\.+$/, '').split(':');
      if (id !== `c${client}`) throw new Error(`connection ${connection} of client ${client}: line ${i} came from ${id}`);
      if (Number(index) !== i) throw new Error(`connection ${connection} of client ${client}: line ${i} is number ${index} (order or loss)`);
    }
    if (got.length !== count) throw new Error(`connection ${connection} of client ${client}: ${got.length} of ${count} lines`);
    if ([...clientOf.values()].includes(client)) throw new Error(`client ${client} arrived on two connections`);
    clientOf.set(connection, client);
    lines += got.length;
  }
  if (clientOf.size !== clients) throw new Error(`${clientOf.size} of ${clients} clients arrived`);
  return { clientOf, lines };
}

/** Joins the bytes of messages per connection (a byte-mode pipe cuts a stream where it likes). */
export function streamsByConnection(messages: Iterable<{ bytes: Uint8Array; peer?: { connection?: number } }>): Map<number, string> {
  const parts = new Map<number, Buffer[]>();
  for (const m of messages) {
    const connection = m.peer?.connection ?? -1;
    let list = parts.get(connection);
    if (!list) parts.set(connection, (list = []));
    list.push(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.length));
  }
  return new Map([...parts].map(([connection, list]) => [connection, Buffer.concat(list).toString('latin1')]));
}
