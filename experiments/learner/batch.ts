/** Turns image indices into the tensors the model and loss take. */
import * as tf from "@tensorflow/tfjs";
import type { LearnerData } from "./learner.ts";

/** The images at idx[start..end) as an NHWC batch with one-hot labels. Caller disposes. */
export function batchOf(data: LearnerData, idx: ArrayLike<number>, start = 0, end = idx.length): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const [r, c, ch] = data.imageShape;
  const per = r * c * ch;
  const k = data.numClasses;
  const n = end - start;
  const xs = new Float32Array(n * per);
  const ys = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const j = idx[start + i]!;
    xs.set(data.images.subarray(j * per, (j + 1) * per), i * per);
    ys[i * k + data.labels[j]!] = 1;
  }
  return { x: tf.tensor4d(xs, [n, r, c, ch]), y: tf.tensor2d(ys, [n, k]) };
}
