/** grad-noise: how far a mini-batch gradient lies from the full-data gradient, per batch size. */
import * as tf from "@tensorflow/tfjs";
import { batchOf } from "../../learner/batch.ts";
import type { LearnerData } from "../../learner/learner.ts";
import type { SimpleCnn } from "../../learner/model.ts";
import { mulberry32 } from "../../random/mulberry32.ts";
import { abortError } from "../abort.ts";
import { lossOn } from "./loss.ts";

/** Images per forward/backward when summing the full-data gradient (bounds memory). */
const CHUNK = 500;

/** Flattened gradient of the mean training-mode loss on one batch (BN running stats untouched). */
function flatGrad(model: SimpleCnn, data: LearnerData, idx: ArrayLike<number>): Float32Array {
  const { x, y } = batchOf(data, idx);
  try {
    return tf.tidy(() => {
      const vars = model.params().map((p) => p.variable);
      const { grads } = tf.variableGrads(() => lossOn(model, x, y, true), vars);
      return tf.concat(vars.map((v) => grads[v.name]!.reshape([-1]))).dataSync() as Float32Array;
    });
  } finally {
    x.dispose();
    y.dispose();
  }
}

/**
 * g = gradient over all of `train` (chunks weighted by size); for each batch size b,
 * `batchesPerSize` seeded random batches give gradErrorByBs_<b> = mean ‖g_b − g‖² / ‖g‖².
 */
export function gradNoiseMetrics(
  model: SimpleCnn,
  data: LearnerData,
  train: ArrayLike<number>,
  batchSizes: readonly number[],
  batchesPerSize: number,
  seed: number,
  signal?: AbortSignal,
): Record<string, number> {
  const all = Uint32Array.from(train as ArrayLike<number>);
  let g: Float64Array | undefined;
  for (let s = 0; s < all.length; s += CHUNK) {
    if (signal?.aborted) throw abortError(signal);
    const part = all.subarray(s, Math.min(all.length, s + CHUNK));
    const gp = flatGrad(model, data, part);
    g ??= new Float64Array(gp.length);
    const w = part.length / all.length;
    for (let i = 0; i < gp.length; i++) g[i]! += w * gp[i]!;
  }
  if (!g) return {};
  let gg = 0;
  for (const v of g) gg += v * v;
  const rand = mulberry32((seed ^ 0x5bd1e995) >>> 0);
  const out: Record<string, number> = {};
  for (const b of batchSizes) {
    if (b > all.length) continue;
    let sum = 0;
    for (let k = 0; k < batchesPerSize; k++) {
      if (signal?.aborted) throw abortError(signal);
      // partial Fisher–Yates: b distinct images
      const pick = Uint32Array.from(all);
      for (let i = 0; i < b; i++) {
        const j = i + Math.floor(rand() * (pick.length - i));
        const t = pick[i]!;
        pick[i] = pick[j]!;
        pick[j] = t;
      }
      const gb = flatGrad(model, data, pick.subarray(0, b));
      let d = 0;
      for (let i = 0; i < gb.length; i++) d += (gb[i]! - g[i]!) ** 2;
      sum += d / gg;
    }
    out[`gradErrorByBs_${b}`] = sum / batchesPerSize;
  }
  return out;
}
