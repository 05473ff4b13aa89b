/**
 * PyTorch's default Conv2d/Linear initialization (torch/nn/modules/conv.py and linear.py,
 * `reset_parameters`): weight ~ kaiming_uniform_(a=sqrt(5)), bias ~ U(±1/sqrt(fan_in)).
 * The book's simple_cnn (fastbook 13_convolutions.ipynb: its `conv` helper is a plain
 * nn.Conv2d, not fastai's ConvLayer, which would use kaiming_normal_) keeps these defaults;
 * tfjs's default is Glorot, which may not reproduce the book's collapse. Seeded with
 * mulberry32 so runs are reproducible.
 */

import { mulberry32 } from "../random/mulberry32.ts";

/**
 * fan_in of a tfjs kernel: every dim but the last (output) one. Conv2d [kh, kw, in, out] →
 * kh*kw*in (PyTorch's [out, in, kh, kw] gives in*kh*kw, the same); dense [in, out] → in.
 */
export function fanIn(shape: readonly number[]): number {
  if (shape.length < 2) throw new RangeError(`kernel needs rank >= 2, got [${shape.join(", ")}]`);
  return shape.slice(0, -1).reduce((a, b) => a * b, 1);
}

/**
 * kaiming_uniform bound: gain = sqrt(2/(1+a^2)), bound = gain*sqrt(3/fan_in).
 * With a = sqrt(5): gain = sqrt(1/3), bound = sqrt(1/3)*sqrt(3/fan_in) = 1/sqrt(fan_in).
 */
export function kaimingUniformBound(fanInValue: number, a = Math.sqrt(5)): number {
  const gain = Math.sqrt(2 / (1 + a * a));
  return gain * Math.sqrt(3 / fanInValue);
}

/** Values ~ U(-bound, bound), deterministic for a seed (float32; |v| <= bound). */
export function uniformInit(shape: readonly number[], bound: number, seed: number): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const rand = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * rand() - 1) * bound;
  return out;
}

/**
 * Weight and bias for a tfjs conv/dense kernel shape, PyTorch-default style. The bias uses
 * seed+1 so weight and bias streams differ (PyTorch draws both from one global generator).
 */
export function pytorchDefaultInit(
  kernelShape: readonly number[],
  seed: number,
): { kernel: Float32Array; bias: Float32Array; fanIn: number; bound: number } {
  const f = fanIn(kernelShape);
  const wBound = kaimingUniformBound(f);
  const bBound = 1 / Math.sqrt(f);
  const outDim = kernelShape[kernelShape.length - 1];
  return {
    kernel: uniformInit(kernelShape, wBound, seed),
    bias: uniformInit([outDim], bBound, seed + 1),
    fanIn: f,
    bound: wBound,
  };
}
