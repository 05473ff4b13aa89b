// The conv-layer plan of the book's simple_cnn family (sizes and multiply count per image), in one
// pure function: `simpleCnnPlan`. SimpleCnn (experiments/learner/model.ts) builds its layers from
// it, and the registry (budget.ts, card 1's arithmetic) reads MACs from it through `macsPerLayer` /
// `totalMacs`. No tfjs, no I/O.
//
// Stride-2 convs with PyTorch padding ks//2: out = floor((in + 2·pad − ks)/2) + 1 (= ceil(in/2) for
// odd ks), grid 28→14→7→4→2→1. MACs per conv: out² · outChannels · ks² · inChannels. Biases and
// batch norm are not counted, as in the book's arithmetic (196·288 = 49·1152 = 56,448).
import type { ModelOptions } from "./types.ts";

export const MNIST_SIDE = 28;
export const NUM_CLASSES = 10;

/** The shape options of simple_cnn (defaults: the book's MNIST model, 8-16-32-64 with a 5×5 first conv). */
export interface SimpleCnnShape {
  /** Filters of the hidden convs (the last conv has `numClasses`). Default [8, 16, 32, 64]. */
  channels?: readonly number[];
  /** Kernel size of the first conv (the others use 3). Default 5. */
  firstKernel?: number;
  /** Square input size. Default 28. */
  inputSize?: number;
  /** Input channels. Default 1. */
  inChannels?: number;
  /** Output classes = filters of the last conv. Default 10. */
  numClasses?: number;
}

/** Static description of one conv layer. */
export interface ConvLayerInfo {
  name: string;
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  /** Padding on each side (PyTorch `ks//2`). */
  pad: number;
  inSize: number;
  outSize: number;
  /** ReLU after the conv (false for the last). */
  act: boolean;
  /** Multiply-accumulates per image: outSize² · outChannels · kernel² · inChannels. */
  macs: number;
}

/** PyTorch conv output size: floor((n + 2p - k) / s) + 1. */
export function convOutSize(n: number, kernel: number, stride: number, pad: number): number {
  return Math.floor((n + 2 * pad - kernel) / stride) + 1;
}

/** The layer plan of simple_cnn: one entry per conv (hidden convs, then the one to `numClasses`). */
export function simpleCnnPlan(shape: SimpleCnnShape = {}): ConvLayerInfo[] {
  const channels = shape.channels ?? [8, 16, 32, 64];
  const firstKernel = shape.firstKernel ?? 5;
  const numClasses = shape.numClasses ?? NUM_CLASSES;
  let size = shape.inputSize ?? MNIST_SIDE;
  let ci = shape.inChannels ?? 1;
  const outs = [...channels, numClasses];
  return outs.map((co, i) => {
    const kernel = i === 0 ? firstKernel : 3;
    const pad = Math.floor(kernel / 2);
    const outSize = convOutSize(size, kernel, 2, pad);
    if (outSize < 1) throw new RangeError(`simple_cnn: conv${i + 1} output size ${outSize} < 1 (input ${size})`);
    const info: ConvLayerInfo = {
      name: `conv${i + 1}`,
      inChannels: ci,
      outChannels: co,
      kernel,
      stride: 2,
      pad,
      inSize: size,
      outSize,
      act: i < outs.length - 1,
      macs: outSize * outSize * co * kernel * kernel * ci,
    };
    size = outSize;
    ci = co;
    return info;
  });
}

/** A registry model's shape: `firstChannels` (when set) replaces channels[0], as the trainer builds it. */
export function shapeOfModel(model: ModelOptions, side: number = MNIST_SIDE): SimpleCnnShape {
  const channels = [...model.channels];
  if (model.firstChannels !== undefined && channels.length > 0) channels[0] = model.firstChannels;
  return { channels, firstKernel: model.firstKernel, inputSize: side, inChannels: 1, numClasses: NUM_CLASSES };
}

export function macsPerLayer(model: ModelOptions, side: number = MNIST_SIDE): number[] {
  return simpleCnnPlan(shapeOfModel(model, side)).map((l) => l.macs);
}

export function totalMacs(model: ModelOptions, side: number = MNIST_SIDE): number {
  return macsPerLayer(model, side).reduce((a, b) => a + b, 0);
}
