/**
 * Writes capture files in the variants other tools produce (either byte order, nanosecond stamps,
 * several sections, simple and obsolete packet blocks, every supported link type), around real
 * captured packets, so the reader is tried on more than what tshark wrote here.
 */
import { concatBytes } from '../../../extension/core/bytes';

export interface Frame {
  /** Microseconds since the epoch. */
  micros: number;
  data: Uint8Array;
}

class Writer {
  private readonly parts: Uint8Array[] = [];

  constructor(private readonly little: boolean) {}

  u16(v: number) {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v, this.little);
    this.parts.push(b);
    return this;
  }

  u32(v: number) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, this.little);
    this.parts.push(b);
    return this;
  }

  bytes(b: Uint8Array) {
    this.parts.push(b);
    return this;
  }

  pad4(length: number) {
    return this.bytes(new Uint8Array((4 - (length % 4)) % 4));
  }

  done(): Uint8Array {
    return concatBytes(this.parts);
  }
}

export function pcap(frames: Frame[], options: { linkType: number; little?: boolean; nano?: boolean }): Uint8Array {
  const little = options.little ?? true;
  const w = new Writer(little).u32(options.nano ? 0xa1b23c4d : 0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(options.linkType);
  for (const f of frames) {
    const seconds = Math.floor(f.micros / 1e6);
    const fraction = options.nano ? (f.micros % 1e6) * 1000 : f.micros % 1e6;
    w.u32(seconds).u32(fraction).u32(f.data.length).u32(f.data.length).bytes(f.data);
  }
  return w.done();
}

export type PcapngBlock =
  | { kind: 'section'; little: boolean }
  | { kind: 'interface'; linkType: number; nanoseconds?: boolean }
  | { kind: 'enhanced'; interfaceId: number; frame: Frame; nanoseconds?: boolean }
  | { kind: 'simple'; frame: Frame }
  | { kind: 'obsolete'; interfaceId: number; frame: Frame }
  | { kind: 'other'; type: number; body: Uint8Array };

export function pcapng(blocks: PcapngBlock[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let little = true;
  for (const block of blocks) {
    if (block.kind === 'section') little = block.little;
    const body = new Writer(little);
    let type: number;
    switch (block.kind) {
      case 'section':
        type = 0x0a0d0d0a;
        body.u32(0x1a2b3c4d).u16(1).u16(0).u32(0xffffffff).u32(0xffffffff);
        break;
      case 'interface':
        type = 1;
        body.u16(block.linkType).u16(0).u32(0);
        if (block.nanoseconds) body.u16(9).u16(1).bytes(Uint8Array.of(9)).pad4(1).u16(0).u16(0);
        break;
      case 'enhanced':
      case 'obsolete': {
        type = block.kind === 'enhanced' ? 6 : 2;
        const stamp = block.kind === 'enhanced' && block.nanoseconds ? BigInt(block.frame.micros) * 1000n : BigInt(block.frame.micros);
        if (block.kind === 'enhanced') body.u32(block.interfaceId);
        else body.u16(block.interfaceId).u16(0);
        body.u32(Number(stamp >> 32n)).u32(Number(stamp & 0xffffffffn)).u32(block.frame.data.length).u32(block.frame.data.length)
          .bytes(block.frame.data).pad4(block.frame.data.length);
        break;
      }
      case 'simple':
        type = 3;
        body.u32(block.frame.data.length).bytes(block.frame.data).pad4(block.frame.data.length);
        break;
      case 'other':
        type = block.type;
        body.bytes(block.body).pad4(block.body.length);
        break;
    }
    const content = body.done();
    parts.push(new Writer(little).u32(type).u32(content.length + 12).bytes(content).u32(content.length + 12).done());
  }
  return concatBytes(parts);
}

