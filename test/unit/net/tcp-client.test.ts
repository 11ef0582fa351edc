// The TCP client of discovered servers against real servers on loopback: both directions reach the sink
// (what was written as `out`), and a refusal, a reset and a clean close are each one clear sentence.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import type { WatcherEvent } from '../../../extension/core/backend';
import type { RawMessage } from '../../../extension/core/message';
import { parseTcpAddress } from '../../../extension/core/tcp-address';
import { connectTcp } from '../../../extension/net/tcp-client';

function sink() {
  const messages: RawMessage[] = [];
  const events: WatcherEvent[] = [];
  return { messages, events, sink: { messages: (batch: RawMessage[]) => messages.push(...batch), event: (e: WatcherEvent) => events.push(e) } };
}

async function listen(onConnection: (socket: net.Socket) => void): Promise<{ server: net.Server; url: string }> {
  const server = net.createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}` };
}

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    assert.ok(Date.now() < deadline, `gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('tcp://HOST:PORT is parsed, and anything else is refused with what to write', () => {
  assert.deepEqual(parseTcpAddress('tcp://10.0.0.5:5000'), { host: '10.0.0.5', port: 5000, url: 'tcp://10.0.0.5:5000' });
  assert.deepEqual(parseTcpAddress('db-01.example:80', true), { host: 'db-01.example', port: 80, url: 'tcp://db-01.example:80' });
  assert.deepEqual(parseTcpAddress('tcp://[::1]:7'), { host: '::1', port: 7, url: 'tcp://[::1]:7' });
  assert.throws(() => parseTcpAddress('10.0.0.5:5000'), /is not a TCP address; write tcp:\/\/HOST:PORT/);
  assert.throws(() => parseTcpAddress('tcp://host:70000'), /the port must be from 1 to 65535/);
  assert.throws(() => parseTcpAddress('tcp://host name:1'), /not a TCP address/);
});

test('lines go out, replies come in, both reach the sink; a clean close by the server says so', async () => {
  const { server, url } = await listen((socket) => socket.on('data', (chunk) => {
    socket.write(Buffer.concat([Buffer.from('PONG '), chunk]));
    if (chunk.toString() === 'bye') socket.end();
  }));
  const s = sink();
  const client = await connectTcp(parseTcpAddress(url), {}, s.sink);
  await client.send(new TextEncoder().encode('ping'));
  await until('the reply', () => s.messages.some((m) => m.direction === 'in'));
  await client.send(new TextEncoder().encode('bye'));
  await until('the close', () => s.events.some((e) => e.type === 'disconnected'));
  const text = (m: RawMessage) => `${m.direction} ${Buffer.from(m.bytes).toString()}`;
  assert.deepEqual(s.messages.map(text), ['out ping', 'in PONG ping', 'out bye', 'in PONG bye']);
  assert.equal(s.messages[0].peer?.address, url.slice(6));
  const ended = s.events.find((e) => e.type === 'disconnected');
  assert.match(ended && ended.type === 'disconnected' ? ended.reason ?? '' : '', new RegExp(`^${url.replace(/\./g, '\\.')} closed the connection`));
  await client.close();
  server.close();
});

test('a reset is one sentence', async () => {
  const { server, url } = await listen((socket) => socket.on('data', () => socket.resetAndDestroy()));
  const s = sink();
  const client = await connectTcp(parseTcpAddress(url), {}, s.sink);
  await client.send(new TextEncoder().encode('hello'));
  await until('the reset', () => s.events.some((e) => e.type === 'disconnected'));
  const ended = s.events.find((e) => e.type === 'disconnected')!;
  assert.equal(ended.type === 'disconnected' && ended.reason, `${url}: the server reset the connection`);
  await client.close();
  server.close();
});

test('a refused connection is one sentence naming the port', async () => {
  const { server, url } = await listen(() => {});
  await new Promise((resolve) => server.close(resolve));
  const port = url.split(':').pop();
  await assert.rejects(connectTcp(parseTcpAddress(url), {}, sink().sink), new RegExp(`^Error: ${url.replace(/\./g, '\\.')}: connection refused \\(nothing listens on port ${port} there\\)$`));
});
