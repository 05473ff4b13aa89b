/** dead-channels: ReLU channels that never fire, and whether training could still revive them. */
import * as tf from "@tensorflow/tfjs";
import { batchOf } from "../../learner/batch.ts";
import type { LearnerData } from "../../learner/learner.ts";
import type { SimpleCnn } from "../../learner/model.ts";

/** Images used for the dead-channel check (one training-mode forward/backward). */
export const DEAD_CHANNEL_IMAGES = 1000;

/**
 * One training-mode forward/backward on `idx`; a ReLU channel (conv1..conv4) is dead when
 * its pre-ReLU output is ≤ 0 on every position of every image; deadChannelGrad is the max |grad| over those
 * channels' kernel slices and biases.
 */
export function deadChannelMetrics(model: SimpleCnn, data: LearnerData, idx: ArrayLike<number>): { deadChannels: number; deadChannelGrad: number } {
  const { x, y } = batchOf(data, idx);
  try {
    return tf.tidy(() => {
      const reluLayers = model.layers.filter((l) => l.info.act);
      let acts = new Map<string, tf.Tensor4D>();
      const { grads } = tf.variableGrads(() => {
        const out = model.forward(x, { training: true, capture: true });
        // variableGrads frees the forward's intermediates: keep the pre-ReLU outputs (the outer tidy frees them).
        acts = new Map([...out.acts].map(([k, t]) => [k, tf.keep(t)]));
        return tf.losses.softmaxCrossEntropy(y, out.logits, undefined, 0, tf.Reduction.MEAN) as tf.Scalar;
      }, model.params().map((p) => p.variable));
      let dead = 0;
      let maxGrad = 0;
      for (const l of reluLayers) {
        const z = acts.get(l.info.name);
        if (!z) continue;
        const chMax = z.max([0, 1, 2]).dataSync();
        const gk = grads[l.kernel.name]!.abs().max([0, 1, 2]).dataSync();
        const gb = grads[l.bias.name]!.abs().dataSync();
        for (let c = 0; c < chMax.length; c++) {
          if (chMax[c]! > 0) continue;
          dead++;
          maxGrad = Math.max(maxGrad, gk[c]!, gb[c]!);
        }
      }
      return { deadChannels: dead, deadChannelGrad: maxGrad };
    });
  } finally {
    x.dispose();
    y.dispose();
  }
}
