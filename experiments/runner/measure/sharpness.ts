/** sharpness: how much the training loss rises when the weights are nudged (a flat minimum barely moves). */
import * as tf from "@tensorflow/tfjs";
import { batchOf } from "../../learner/batch.ts";
import type { LearnerData } from "../../learner/learner.ts";
import type { SimpleCnn } from "../../learner/model.ts";
import { lossOn } from "./loss.ts";

/**
 * Mean rise of the (eval-mode) training loss on `idx` when every trainable weight w becomes
 * w·(1 + relScale·N(0,1)), over `nudges` seeded draws; weights are restored afterwards.
 */
export function sharpnessMetric(model: SimpleCnn, data: LearnerData, idx: ArrayLike<number>, nudges: number, relScale: number, seed: number): number {
  const vars = model.params().map((p) => p.variable);
  const saved = vars.map((v) => tf.keep(v.clone()));
  const { x, y } = batchOf(data, idx);
  try {
    const base = tf.tidy(() => lossOn(model, x, y, false).dataSync()[0]!);
    let rise = 0;
    for (let k = 0; k < nudges; k++) {
      tf.tidy(() => {
        vars.forEach((v, i) => v.assign(saved[i]!.mul(tf.randomNormal(v.shape, 1, relScale, "float32", seed * 1000 + k * 100 + i))));
      });
      rise += tf.tidy(() => lossOn(model, x, y, false).dataSync()[0]!) - base;
      vars.forEach((v, i) => v.assign(saved[i]!));
    }
    return rise / nudges;
  } finally {
    vars.forEach((v, i) => v.assign(saved[i]!));
    saved.forEach((t) => t.dispose());
    x.dispose();
    y.dispose();
  }
}
