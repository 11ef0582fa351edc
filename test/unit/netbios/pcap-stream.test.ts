// The capture reader as a stream: a file read a window at a time gives what the whole buffer gives;
// lengths that lie, a sparse tail and a flood of broken packets end early and stay small.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { openFileSource } from '../../../extension/files/file-source';
import { readCapture } from '../../../extension/netbios/pcap-datagrams';
import { CaptureProblems, MAX_BLOCK, isCaptureMagic } from '../../../extension/netbios/pcap-reader';
import { LinkType } from '../../../extension/netbios/link-layer';
import { readIpv4Udp } from '../../../extension/netbios/ipv4-udp';
import { pcap, pcapng } from './capture-builder';
import { captureCorpus } from './corpus';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotpipe-pcap-stream-'));
const write = (name: string, bytes: Uint8Array) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
};
const fromFile = (file: string, ports: number[]) => {
  const source = openFileSource(file);
  try {
    return readCapture(source, { ports });
  } finally {
    source.close();
  }
};
const summary = (result: ReturnType<typeof readCapture>) => ({ ...result, datagrams: result.datagrams.map((d) => ({ ...d, decoded: undefined, data: [...d.data], wire: [...d.wire] })) });

describe('capture files read as streams', () => {
  test('every fixture reads the same from a file, a window at a time, as from one buffer', () => {
    for (const { name, bytes, port } of captureCorpus()) {
      assert.deepEqual(summary(fromFile(write(name, bytes), [138, port])), summary(readCapture(bytes, { ports: [138, port] })), name);
    }
  });

  test('packets across many windows: 3 MB of datagrams, each kept in a copy of its own', () => {
    const source = captureCorpus().find((f) => f.name.endsWith('lo-ethernet.pcapng'))!;
    const one = readCapture(source.bytes, { ports: [source.port] }).datagrams[0];
    const frame = { micros: 1, data: Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00, ...one.wire) };
    const count = Math.ceil((3 * 1024 * 1024) / (frame.data.length + 16));
    const file = write('many.pcap', pcap(Array.from({ length: count }, () => frame), { linkType: LinkType.ethernet }));
    const result = fromFile(file, [source.port]);
    assert.equal(result.datagrams.length, count);
    assert.equal(new Set(result.datagrams.map((d) => d.wire.buffer)).size, count, 'no datagram holds on to a read window');
    assert.ok(result.datagrams.every((d) => d.wire.buffer.byteLength === one.wire.length && readIpv4Udp(d.wire).kind === 'udp'));
  });

  test('a flood of broken packets keeps 1,000 problems and counts the rest', () => {
    const frames = Array.from({ length: 5000 }, (_, i) => ({ micros: i, data: Uint8Array.of(1) }));
    const result = readCapture(pcap(frames, { linkType: LinkType.ethernet }));
    assert.equal(result.packets, 5000);
    assert.equal(result.problems.length, CaptureProblems.KEPT + 1);
    assert.equal(result.problems.at(-1)!.message, '4,000 more problems like these, not listed');
  });

  test('a pcapng block longer than any tool writes is refused before it is read', () => {
    const file = pcapng([{ kind: 'section', little: true }]);
    const header = new Uint8Array(12);
    const view = new DataView(header.buffer);
    view.setUint32(0, 6, true);
    view.setUint32(4, MAX_BLOCK + 4, true);
    const source = { size: file.length + MAX_BLOCK + 4, read: (offset: number, length: number) => {
      assert.ok(length <= 12 || offset < file.length, `read ${length} bytes at ${offset}`);
      return offset < file.length ? file.subarray(offset, offset + length) : header.subarray(0, length);
    } };
    const result = readCapture(source);
    assert.match(result.problems.at(-1)!.message, new RegExp(`claims length ${MAX_BLOCK + 4}, which is more than any capture tool writes \\(${MAX_BLOCK} bytes\\)`));
  });

  test('the magic alone tells a capture', () => {
    assert.ok(isCaptureMagic(Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1)));
    assert.ok(isCaptureMagic(Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a)));
    assert.ok(!isCaptureMagic(Uint8Array.of(0, 0, 0, 0)));
    assert.ok(!isCaptureMagic(Uint8Array.of(0xd4, 0xc3)));
  });
});
