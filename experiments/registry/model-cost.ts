// Multiply count (MACs) per image of the simple_cnn family, computed from a ModelOptions (pure).
// Stride-2 convs with padding ks//2: out = ceil(in / 2). Biases and batch norm are not counted,
// as in the book's arithmetic (196·288 = 49·1152 = 56,448).
import type { ModelOptions } from "./types.ts";

export const MNIST_SIDE = 28;
export const NUM_CLASSES = 10;

export function macsPerLayer(model: ModelOptions, side: number = MNIST_SIDE): number[] {
  const chans = [...model.channels];
  if (model.firstChannels !== undefined && chans.length > 0) chans[0] = model.firstChannels;
  const outs = [...chans, NUM_CLASSES];
  const macs: number[] = [];
  let inC = 1;
  let grid = side;
  outs.forEach((outC, i) => {
    const k = i === 0 ? model.firstKernel : 3;
    grid = Math.ceil(grid / 2);
    macs.push(grid * grid * k * k * inC * outC);
    inC = outC;
  });
  return macs;
}

export function totalMacs(model: ModelOptions, side: number = MNIST_SIDE): number {
  return macsPerLayer(model, side).reduce((a, b) => a + b, 0);
}
