// Draws the marketplace icon, media/icon.png (128×128 RGBA): a letter going into a mailslot, and
// messages travelling through a pipe below it. Shapes are signed distance functions, sampled 4×4 per
// pixel for smooth edges, so the icon is reproducible without an image editor.
//   node scripts/draw-icon.mjs [out.png]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;

/** Distance from (x, y) to a rounded rectangle centred at (cx, cy) with half sizes hw, hh and corner radius r. */
function roundedRect(cx, cy, hw, hh, r) {
  return (x, y) => {
    const qx = Math.abs(x - cx) - hw + r;
    const qy = Math.abs(y - cy) - hh + r;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };
}

/** Distance to the segment (ax, ay)–(bx, by), thickened to half width w. */
function segment(ax, ay, bx, by, w) {
  return (x, y) => {
    const px = x - ax, py = y - ay, dx = bx - ax, dy = by - ay;
    const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
    return Math.hypot(px - dx * t, py - dy * t) - w;
  };
}

const union = (...shapes) => (x, y) => Math.min(...shapes.map((s) => s(x, y)));
const clipAbove = (shape, limitY) => (x, y) => (y > limitY ? Infinity : shape(x, y));

const hex = (value) => [1, 3, 5].map((i) => parseInt(value.slice(i, i + 2), 16));
const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);
/** A colour that blends from `top` to `bottom` between y0 and y1. */
const vertical = (top, bottom, y0, y1) => (x, y) => mix(hex(top), hex(bottom), Math.max(0, Math.min(1, (y - y0) / (y1 - y0))));
const flat = (color) => () => hex(color);

/** Painted back to front. */
const layers = [
  { shape: roundedRect(64, 64, 64, 64, 24), paint: vertical('#1d5283', '#0c1d2e', 0, 128) },
  // The mailslot: a metal rim around a dark opening.
  { shape: roundedRect(64, 40, 46, 13, 13), paint: vertical('#e3ecf5', '#8aa3bb', 27, 53) },
  { shape: roundedRect(64, 41, 38, 6, 6), paint: flat('#07111b') },
  // A letter half way into the slot: only the part above the opening's middle shows.
  { shape: clipAbove(roundedRect(64, 24, 22, 17, 3), 41), paint: flat('#f7f9fc') },
  { shape: clipAbove(union(segment(43, 9, 64, 25, 1.6), segment(85, 9, 64, 25, 1.6)), 41), paint: flat('#9fb3c8') },
  // Down into the pipe.
  { shape: union(segment(64, 60, 64, 70, 2.6), segment(57, 64, 64, 71, 2.6), segment(71, 64, 64, 71, 2.6)), paint: flat('#ffc857') },
  // The pipe with its flanges.
  { shape: roundedRect(64, 94, 54, 14, 5), paint: vertical('#5fd6c6', '#17776c', 80, 108) },
  { shape: union(roundedRect(21, 94, 6, 18, 2.5), roundedRect(107, 94, 6, 18, 2.5)), paint: vertical('#7fe3d6', '#115e56', 76, 112) },
  // Messages in flight.
  { shape: union(roundedRect(46, 94, 6, 6, 2), roundedRect(64, 94, 6, 6, 2), roundedRect(82, 94, 6, 6, 2)), paint: flat('#ffc857') },
];

function render() {
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = px + (sx + 0.5) / SAMPLES, y = py + (sy + 0.5) / SAMPLES;
          let color = null;
          for (const layer of layers) if (layer.shape(x, y) <= 0) color = layer.paint(x, y);
          if (!color) continue;
          r += color[0]; g += color[1]; b += color[2]; a += 1;
        }
      }
      const i = (py * SIZE + px) * 4;
      // Straight (not premultiplied) alpha, as PNG wants.
      if (a) [pixels[i], pixels[i + 1], pixels[i + 2]] = [r / a, g / a, b / a].map(Math.round);
      pixels[i + 3] = Math.round((a / SAMPLES ** 2) * 255);
    }
  }
  return pixels;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(rgba, width, height) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter method, no interlace
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = process.argv[2] ?? path.resolve(import.meta.dirname, '..', 'media', 'icon.png');
fs.writeFileSync(out, encodePng(render(), SIZE, SIZE));
console.log(`wrote ${out}`);
