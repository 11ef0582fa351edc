import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEvent } from '../../../extension/core/event-text';
import { describePeer } from '../../../extension/core/peer-text';

describe('peer text', () => {
  it('gives every field in one order: connection, pid, image, address, NetBIOS name', () => {
    assert.equal(describePeer({ connection: 3, pid: 4242, image: 'C:\\Tools\\client.exe' }), '#3 pid 4242 C:\\Tools\\client.exe');
    assert.equal(describePeer({ address: '10.0.0.5:138', name: 'HOST<00>' }), '10.0.0.5:138 HOST<00>');
    assert.equal(describePeer({ connection: 3 }), '#3');
    assert.equal(describePeer(undefined), '');
    assert.equal(describePeer({ image: '' }), '');
  });

  it('in brief (a table cell) leaves out the connection and the image folder', () => {
    assert.equal(describePeer({ connection: 3, pid: 4242, image: 'C:\\Tools\\client.exe' }, 'brief'), 'pid 4242 client.exe');
    assert.equal(describePeer({ image: '/usr/bin/peer' }, 'brief'), 'peer');
    assert.equal(describePeer({ address: '10.0.0.5:138', name: 'HOST<00>' }, 'brief'), '10.0.0.5:138 HOST<00>');
    assert.equal(describePeer({ connection: 3 }, 'brief'), '');
  });
});

describe('event text', () => {
  const pipe = '\\\\.\\pipe\\ssnp';
  it('says what happened to which endpoint, with the peer', () => {
    assert.equal(describeEvent(pipe, { type: 'listening', detail: 'message mode' }), `watching ${pipe} (message mode)`);
    assert.equal(describeEvent(pipe, { type: 'listening' }), `watching ${pipe}`);
    assert.equal(describeEvent(pipe, { type: 'connected', peer: { connection: 1, pid: 42 } }), `${pipe}: client #1 pid 42 connected`);
    assert.equal(describeEvent(pipe, { type: 'disconnected', peer: { connection: 1 }, reason: 'closed' }), `${pipe}: client #1 disconnected: closed`);
    assert.equal(describeEvent(pipe, { type: 'disconnected', peer: { connection: 1 } }), `${pipe}: client #1 disconnected`);
    assert.equal(describeEvent(pipe, { type: 'error', message: 'gone', fatal: true }), `${pipe}: error: gone`);
    assert.equal(describeEvent(pipe, { type: 'error', message: 'slow', fatal: false }), `${pipe}: warning: slow`);
    assert.equal(describeEvent(pipe, { type: 'stopped' }), `stopped watching ${pipe}`);
  });
});
