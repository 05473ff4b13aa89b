/** The loss the gradient and sharpness probes differentiate or compare. */
import * as tf from "@tensorflow/tfjs";
import type { SimpleCnn } from "../../learner/model.ts";

/** Mean cross-entropy of the batch (training or eval mode; BN running stats are never updated here) as a scalar; call inside a tidy. */
export function lossOn(model: SimpleCnn, x: tf.Tensor4D, y: tf.Tensor2D, training: boolean): tf.Scalar {
  const out = model.forward(x, { training });
  return tf.losses.softmaxCrossEntropy(y, out.logits, undefined, 0, tf.Reduction.MEAN) as tf.Scalar;
}
