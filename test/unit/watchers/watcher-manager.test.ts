// The watcher manager with the real backends of this platform (off Windows: Unix-socket pipes).
import assert from 'node:assert/strict';
import * as l10n from '@vscode/l10n';
import crypto from 'node:crypto';
import { test } from 'node:test';
import { connectPipe, createWatcher } from '../../../extension/backends';
import type { WatchOptions, WatcherSink } from '../../../extension/core/backend';
import { parseEndpoint, watcherId } from '../../../extension/core/endpoint';
import { TrafficLog } from '../../../extension/core/traffic-log';
import { WatcherManager, type ConfiguredWatcher } from '../../../extension/watchers/watcher-manager';

const quiet = { info() {}, warn() {}, error() {} };

function pipeName(): string {
  return `\\\\.\\pipe\\slotpipe-unit-watchers-${crypto.randomBytes(4).toString('hex')}`;
}

/** Counts how often a transport is created (the backend itself is the real one). */
function countingCreate() {
  const created: string[] = [];
  return {
    created,
    create: (options: WatchOptions, sink: WatcherSink) => {
      created.push(options.endpoint.path);
      return createWatcher(options, sink);
    },
  };
}

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.ok(check(), `timed out waiting for ${what}`);
}

async function sendAsClient(endpoint: string, text: string): Promise<void> {
  const client = await connectPipe(parseEndpoint(endpoint), {}, { messages() {}, event() {} });
  await client.send(new TextEncoder().encode(text));
  await client.close();
}

test('starts watchers with autoStart, logs what clients send, and stops removed ones', async () => {
  const log = new TrafficLog(100);
  const manager = new WatcherManager(log, quiet);
  const auto = pipeName();
  const manual = pipeName();
  try {
    await manager.apply([
      { setting: { endpoint: auto, decode: 'text', autoStart: true }, origin: 'workspace' },
      { setting: { endpoint: manual, decode: 'auto', autoStart: false }, origin: 'workspace' },
    ], true);
    const id = watcherId(auto);
    assert.equal(manager.get(id)?.state, 'listening');
    assert.equal(manager.get(watcherId(manual))?.state, 'stopped');

    await sendAsClient(auto, 'hello manager');
    await until('the message', () => log.stats().count === 1);
    const [message] = log.range(1, 1);
    assert.equal(message.watcherId, id);
    assert.equal(new TextDecoder().decode(message.bytes), 'hello manager');
    assert.equal(manager.get(id)?.counters.messages, 1);

    await manager.apply([{ setting: { endpoint: manual, decode: 'auto', autoStart: false }, origin: 'workspace' }], true);
    assert.equal(manager.get(id), undefined);
    await assert.rejects(sendAsClient(auto, 'nobody listens'));
  } finally {
    await manager.dispose();
  }
});

test('an untrusted workspace starts only watchers from user settings, and starts the rest once trusted', async () => {
  const manager = new WatcherManager(new TrafficLog(10), quiet);
  const fromUser = pipeName();
  const fromFolder = pipeName();
  const configured: ConfiguredWatcher[] = [
    { setting: { endpoint: fromUser, decode: 'auto', autoStart: true }, origin: 'user' },
    { setting: { endpoint: fromFolder, decode: 'auto', autoStart: true }, origin: 'workspace' },
  ];
  try {
    await manager.apply(configured, false);
    const folderId = watcherId(fromFolder);
    assert.equal(manager.get(watcherId(fromUser))?.state, 'listening');
    assert.equal(manager.get(folderId)?.state, 'stopped');
    assert.match(manager.get(folderId)?.blocked ?? '', /not trusted/);
    await assert.rejects(manager.start(folderId), /not trusted/);
    await assert.rejects(sendAsClient(fromFolder, 'x'), 'nothing listens on the folder pipe');

    await manager.apply(configured, true);
    assert.equal(manager.get(folderId)?.state, 'listening');
    assert.equal(manager.get(folderId)?.blocked, undefined);
  } finally {
    await manager.dispose();
  }
});

test('a held-back watcher shows its reason in the display language, and refuses to start with it', async () => {
  const reason = 'Arbeitsbereich nicht vertrauenswürdig';
  const manager = new WatcherManager(new TrafficLog(10), quiet);
  const endpoint = pipeName();
  try {
    await manager.apply([{ setting: { endpoint, decode: 'auto', autoStart: true }, origin: 'workspace' }], false);
    const id = watcherId(endpoint);
    const english = manager.get(id)?.blocked ?? '';
    assert.match(english, /not trusted/);
    l10n.config({ contents: { [english]: reason } });
    assert.equal(manager.get(id)?.state, 'stopped');
    assert.equal(manager.get(id)?.blocked, reason);
    await assert.rejects(manager.start(id), (err: Error) => err.message === `${endpoint}: ${reason}`);
  } finally {
    l10n.config({ contents: {} });
    await manager.dispose();
  }
});

test('a transport change restarts the watcher; a decoder change does not', async () => {
  const { created, create } = countingCreate();
  const manager = new WatcherManager(new TrafficLog(10), quiet, { create });
  const endpoint = pipeName();
  try {
    await manager.apply([{ setting: { endpoint, decode: 'auto', autoStart: true }, origin: 'user' }], true);
    await manager.apply([{ setting: { endpoint, decode: 'text', autoStart: true }, origin: 'user' }], true);
    assert.equal(created.length, 1);
    assert.equal(manager.list()[0].decode, 'text');
    await manager.apply([{ setting: { endpoint, decode: 'text', autoStart: true, maxInstances: 2 }, origin: 'user' }], true);
    assert.equal(created.length, 2);
    assert.equal(manager.list()[0].state, 'listening');
  } finally {
    await manager.dispose();
  }
});

test('a watcher that cannot start shows the error, and start() rejects naming the endpoint', async () => {
  const endpoint = pipeName();
  const first = new WatcherManager(new TrafficLog(10), quiet);
  const second = new WatcherManager(new TrafficLog(10), quiet);
  try {
    await first.apply([{ setting: { endpoint, decode: 'auto', autoStart: true }, origin: 'user' }], true);
    await second.apply([{ setting: { endpoint, decode: 'auto', autoStart: false }, origin: 'user' }], true);
    const id = watcherId(endpoint);
    await assert.rejects(second.start(id), (err: Error) => err.message.startsWith(`cannot watch ${endpoint}: `));
    const status = second.get(id)!;
    assert.equal(status.state, 'error');
    assert.ok(status.error && status.error.length > 0);
  } finally {
    await first.dispose();
    await second.dispose();
  }
});

test('stopAll stops every watcher and they can start again', async () => {
  const manager = new WatcherManager(new TrafficLog(10), quiet);
  const endpoints = [pipeName(), pipeName()];
  try {
    await manager.apply(endpoints.map((endpoint) => ({ setting: { endpoint, decode: 'auto', autoStart: true }, origin: 'user' as const })), true);
    await manager.stopAll();
    assert.deepEqual(manager.list().map((w) => w.state), ['stopped', 'stopped']);
    await manager.start(endpoints[0]);
    assert.equal(manager.get(watcherId(endpoints[0]))?.state, 'listening');
  } finally {
    await manager.dispose();
  }
});
