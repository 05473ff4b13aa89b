/** Eval-mode loss and accuracy over a list of images: the one implementation behind Learner.evaluate and in-fit checks. */
import * as tf from "@tensorflow/tfjs";
import { batchOf } from "./batch.ts";
import type { LearnerData } from "./learner.ts";
import type { SimpleCnn } from "./model.ts";

export interface EvalResult {
  /** Mean cross-entropy (NaN for no images). */
  loss: number;
  accuracy: number;
}

/**
 * Mean cross-entropy and accuracy over `idx` in eval mode, `bs` images at a time. Synchronous, so a
 * callback can call it mid-fit; null only when `signal` aborts (checked before every batch).
 */
export function evaluateSync(model: SimpleCnn, data: LearnerData, idx: ArrayLike<number>, bs?: number): EvalResult;
export function evaluateSync(model: SimpleCnn, data: LearnerData, idx: ArrayLike<number>, bs: number, signal: AbortSignal | undefined): EvalResult | null;
export function evaluateSync(model: SimpleCnn, data: LearnerData, idx: ArrayLike<number>, bs = 500, signal?: AbortSignal): EvalResult | null {
  let lossSum = 0;
  let correct = 0;
  const n = idx.length;
  for (let s = 0; s < n; s += bs) {
    if (signal?.aborted) return null;
    const { x, y } = batchOf(data, idx, s, Math.min(n, s + bs));
    try {
      const [l, c] = tf.tidy(() => {
        const logits = model.forward(x, { training: false }).logits;
        const losses = tf.losses.softmaxCrossEntropy(y, logits, undefined, 0, tf.Reduction.NONE);
        return [losses.sum().dataSync()[0]!, logits.argMax(1).equal(y.argMax(1)).sum().dataSync()[0]!];
      });
      lossSum += l!;
      correct += c!;
    } finally {
      x.dispose();
      y.dispose();
    }
  }
  return n > 0 ? { loss: lossSum / n, accuracy: correct / n } : { loss: Number.NaN, accuracy: Number.NaN };
}
