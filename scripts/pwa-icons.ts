// Draws the installable app's PNG icons (public/icons/, app/apple-icon.png) from app/icon.svg's shapes: a card with a tick on
// the brand colour. No image tools needed: signed distances, 4×4 supersampling, a hand-made PNG.
// Run: npx tsx scripts/pwa-icons.ts
import fs from "node:fs";
import zlib from "node:zlib";

type Rgb = [number, number, number];
const BRAND: Rgb = [0x1d, 0x35, 0x57];
const WHITE: Rgb = [255, 255, 255];
const GREEN: Rgb = [0x1e, 0x7b, 0x34];

/** Distance outside a rounded rectangle (negative inside), in the 32-unit space of app/icon.svg. */
function roundedRect(x: number, y: number, x0: number, y0: number, w: number, h: number, r: number): number {
  const qx = Math.abs(x - (x0 + w / 2)) - (w / 2 - r);
  const qy = Math.abs(y - (y0 + h / 2)) - (h / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function segment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const [px, py, dx, dy] = [x - ax, y - ay, bx - ax, by - ay];
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - t * dx, py - t * dy);
}

/** The colour at a point; `maskable` fills the whole square (the platform crops it to its own shape). */
function colourAt(x: number, y: number, maskable: boolean): Rgb | null {
  // A maskable icon keeps its content in the middle 80 %: shrink the drawing around the centre.
  if (maskable) [x, y] = [16 + (x - 16) / 0.8, 16 + (y - 16) / 0.8];
  const tick = Math.min(segment(x, y, 11, 16.5, 14, 19.5), segment(x, y, 14, 19.5, 21, 12.5)) - 1.3;
  if (tick <= 0) return GREEN;
  if (roundedRect(x, y, 7, 9, 18, 14, 2.5) <= 0) return WHITE;
  if (maskable || roundedRect(x, y, 0, 0, 32, 32, 7) <= 0) return BRAND;
  return null;
}

function png(size: number, maskable: boolean): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const S = 4;
  for (let py = 0; py < size; py++) {
    raw[py * (size * 4 + 1)] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const c = colourAt(((px + (sx + 0.5) / S) * 32) / size, ((py + (sy + 0.5) / S) * 32) / size, maskable);
          if (!c) continue;
          acc[0]! += c[0]; acc[1]! += c[1]; acc[2]! += c[2]; acc[3]! += 255;
        }
      }
      const n = S * S;
      const alpha = acc[3]! / n;
      const o = py * (size * 4 + 1) + 1 + px * 4;
      // Straight (not premultiplied) alpha, as PNG wants it.
      for (let k = 0; k < 3; k++) raw[o + k] = alpha ? Math.round((acc[k]! / n) * (255 / alpha)) : 0;
      raw[o + 3] = Math.round(alpha);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// app/apple-icon.png: Next links it as the home-screen icon on iOS (full-bleed, like a maskable one).
for (const [file, size, maskable] of [["public/icons/icon-192.png", 192, false], ["public/icons/icon-512.png", 512, false], ["public/icons/maskable-512.png", 512, true], ["app/apple-icon.png", 180, true]] as const) {
  fs.writeFileSync(file, png(size, maskable));
  console.log(file);
}
