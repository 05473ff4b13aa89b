import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { initWasmBackend } from "../../experiments/backend/wasm-node.ts";
import { registerConv2DBackpropFilter } from "../../experiments/backend/conv2d-backprop-filter.ts";
import { mulberry32 } from "../../experiments/random/mulberry32.ts";

type Pad = "same" | "valid" | [[number, number], [number, number], [number, number], [number, number]];

interface Case {
  stride: number;
  kernel: number;
  pad: Pad;
  x: [number, number, number, number];
  co: number;
}

function randn(n: number, seed: number): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => {
    const u = 1 - r();
    const v = r();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  });
}

/** dW of sum(conv2d(x, w)) (and, for a non-uniform dy, of sum(conv2d(x, w)^2) / 2) on the active backend. */
async function filterGrads(c: Case, seed: number): Promise<Float32Array[]> {
  const [n, h, w, ci] = c.x;
  const xs = randn(n * h * w * ci, seed);
  const ws = randn(c.kernel * c.kernel * ci * c.co, seed + 1);
  return tf.tidy(() => {
    const x = tf.tensor4d(xs, c.x);
    const w0 = tf.tensor4d(ws, [c.kernel, c.kernel, ci, c.co]);
    const conv = (wt: tf.Tensor) => tf.conv2d(x, wt as tf.Tensor4D, c.stride, c.pad);
    const g1 = tf.grad((wt: tf.Tensor) => conv(wt).sum())(w0);
    const g2 = tf.grad((wt: tf.Tensor) => conv(wt).square().sum().div(2))(w0);
    return [g1.dataSync() as Float32Array, g2.dataSync() as Float32Array];
  });
}

function relError(got: Float32Array, want: Float32Array): number {
  expect(got.length).toBe(want.length);
  let num = 0;
  let den = 0;
  for (let i = 0; i < want.length; i++) {
    num = Math.max(num, Math.abs(got[i]! - want[i]!));
    den = Math.max(den, Math.abs(want[i]!));
  }
  return num / Math.max(den, 1e-12);
}

const cases: Case[] = [
  { stride: 1, kernel: 3, pad: "same", x: [2, 9, 9, 3], co: 4 },
  { stride: 2, kernel: 3, pad: "same", x: [2, 9, 9, 3], co: 4 },
  { stride: 1, kernel: 5, pad: "same", x: [2, 8, 8, 2], co: 3 },
  { stride: 2, kernel: 5, pad: "same", x: [2, 8, 8, 2], co: 3 },
  // simple_cnn-like shapes: 28x28 input, stride-2 same-padded 3x3 and 5x5.
  { stride: 2, kernel: 3, pad: "same", x: [4, 28, 28, 1], co: 8 },
  { stride: 2, kernel: 5, pad: "same", x: [3, 14, 14, 8], co: 16 },
  // Forward conv that never reads the last row/col (slice path) and explicit pads.
  { stride: 2, kernel: 3, pad: "valid", x: [2, 10, 10, 3], co: 4 },
  { stride: 2, kernel: 3, pad: [[0, 0], [1, 0], [0, 2], [0, 0]], x: [2, 9, 8, 2], co: 3 },
  // PyTorch-style padding=ks//2 (differs from 'same' for even sizes at stride 2).
  { stride: 2, kernel: 5, pad: [[0, 0], [2, 2], [2, 2], [0, 0]], x: [2, 28, 28, 1], co: 4 },
  { stride: 2, kernel: 3, pad: [[0, 0], [1, 1], [1, 1], [0, 0]], x: [2, 14, 14, 4], co: 4 },
];

const label = (c: Case) => `stride ${c.stride}, kernel ${c.kernel}, pad ${JSON.stringify(c.pad)}, x [${c.x}]`;

describe("wasm backend in Node", () => {
  const expected = new Map<Case, Float32Array[]>();

  beforeAll(async () => {
    // Reference gradients from the stock cpu backend.
    expect(await tf.setBackend("cpu")).toBe(true);
    for (const [i, c] of cases.entries()) expected.set(c, await filterGrads(c, 100 + i));
    await initWasmBackend();
  });

  it("is the active backend after initWasmBackend (idempotent)", async () => {
    expect(tf.getBackend()).toBe("wasm");
    await initWasmBackend();
    expect(tf.getBackend()).toBe("wasm");
    expect(tf.getKernel("Conv2DBackpropFilter", "wasm")).toBeDefined();
    expect(registerConv2DBackpropFilter("wasm")).toBe(false); // already there, not re-registered
  });

  it.each(cases)("Conv2DBackpropFilter matches the cpu backend: $stride/$kernel/$pad", async (c) => {
    const got = await filterGrads(c, 100 + cases.indexOf(c));
    const want = expected.get(c)!;
    for (let k = 0; k < want.length; k++) {
      const err = relError(got[k]!, want[k]!);
      expect(err, `${label(c)}, loss ${k}`).toBeLessThanOrEqual(1e-3);
    }
  });

  it("leaks no tensors or buffers", () => {
    const c = cases[1]!;
    const x = tf.randomNormal(c.x, 0, 1, "float32", 7) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, c.x[3], c.co], 0, 1, "float32", 8) as tf.Tensor4D;
    const before = tf.memory();
    for (let i = 0; i < 3; i++) {
      const g = tf.grad((wt: tf.Tensor) => tf.conv2d(x, wt as tf.Tensor4D, 2, "same").sum())(w);
      g.dispose();
    }
    tf.tidy(() => {
      tf.grad((wt: tf.Tensor) => tf.conv2d(x, wt as tf.Tensor4D, 2, "same").sum())(w);
    });
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    expect(after.numBytes).toBe(before.numBytes);
    tf.dispose([x, w]);
  });

  it("trains a tiny CNN step end to end (gradients for every weight)", () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [12, 12, 1],
          filters: 4,
          kernelSize: 3,
          strides: 2,
          padding: "same",
          activation: "relu",
          kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
        }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
    const before = tf.memory().numTensors;
    const opt = tf.train.sgd(0.1);
    const xs = tf.randomNormal([8, 12, 12, 1], 0, 1, "float32", 3);
    const ys = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], "int32"), 10);
    const lossFn = () => tf.losses.softmaxCrossEntropy(ys, model.apply(xs) as tf.Tensor) as tf.Scalar;
    const l0 = tf.tidy(() => lossFn().dataSync()[0]!);
    for (let i = 0; i < 5; i++) opt.minimize(lossFn, true)?.dispose();
    const l1 = tf.tidy(() => lossFn().dataSync()[0]!);
    expect(l1).toBeLessThan(l0);
    tf.dispose([xs, ys]);
    opt.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  });
});
