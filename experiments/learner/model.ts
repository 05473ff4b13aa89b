/**
 * The book's `simple_cnn` (fastbook 13_convolutions.ipynb) as explicit tf ops on
 * tf.Variables, so padding, init and activation hooks are under our control:
 *
 *   def conv(ni, nf, ks=3, act=True):
 *       layers = [nn.Conv2d(ni, nf, stride=2, kernel_size=ks, padding=ks//2)]
 *       if act: layers.append(nn.ReLU())
 *       layers.append(nn.BatchNorm2d(nf))          # batch-norm variant only
 *       return nn.Sequential(*layers)
 *   simple_cnn = sequential(conv(1,8,ks=5), conv(8,16), conv(16,32), conv(32,64),
 *                           conv(64,10, act=False), Flatten())
 *
 * So the batch-norm variant has a BatchNorm2d after the ReLU of convs 1-4 AND directly
 * after conv 5 (which has no ReLU). Padding is PyTorch's symmetric `ks//2` on every side
 * (tf.pad + 'valid'): tfjs 'same' puts the odd pixel at the bottom/right (e.g. 28→14 with
 * ks 5 pads 1 top, 2 bottom), which differs from PyTorch. Grid 28→14→7→4→2→1.
 *
 * The layer plan (sizes, padding, MACs per image) is `simpleCnnPlan` in ../registry/model-cost.ts,
 * pure, so the registry can count MACs without tfjs.
 *
 * Layout NHWC; kernels [kh, kw, in, out]. Init: PyTorch defaults (./init.ts) for conv
 * weights/biases; batch norm weight 1, bias 0, running mean 0, running var 1.
 */
import * as tf from "@tensorflow/tfjs";
import { simpleCnnPlan, type ConvLayerInfo, type SimpleCnnShape } from "../registry/model-cost.ts";
import { pytorchDefaultInit } from "./init.ts";

export interface SimpleCnnOptions extends SimpleCnnShape {
  /** Add BatchNorm2d after every conv's ReLU (and after the last conv). Default false. */
  batchNorm?: boolean;
  /** Init seed (mulberry32 streams per layer). Default 0. */
  seed?: number;
}

/** PyTorch BatchNorm2d defaults. */
export const BN_MOMENTUM = 0.1;
export const BN_EPS = 1e-5;

/** One trainable parameter, with fastai's weight-decay flag (off for biases and batch norm). */
export interface NamedParam {
  name: string;
  variable: tf.Variable;
  doWd: boolean;
}

/** Per-layer seeds that don't overlap across nearby model seeds (init uses seed and seed+1). */
function layerSeed(seed: number, layer: number): number {
  return (Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) + 2 * layer) >>> 0;
}

function variableFrom(values: Float32Array, shape: number[], trainable: boolean, name: string): tf.Variable {
  const t = tf.tensor(values, shape, "float32");
  const v = tf.variable(t, trainable, name);
  t.dispose();
  return v;
}

let modelCounter = 0;

/** BatchNorm2d over the channel (last) axis, PyTorch semantics. */
export class BatchNorm2d {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;
  readonly runningMean: tf.Variable;
  readonly runningVar: tf.Variable;

  constructor(
    readonly name: string,
    readonly numFeatures: number,
    uid: string,
    readonly momentum = BN_MOMENTUM,
    readonly eps = BN_EPS,
  ) {
    const n = numFeatures;
    this.weight = variableFrom(new Float32Array(n).fill(1), [n], true, `${uid}/${name}.weight`);
    this.bias = variableFrom(new Float32Array(n), [n], true, `${uid}/${name}.bias`);
    this.runningMean = variableFrom(new Float32Array(n), [n], false, `${uid}/${name}.running_mean`);
    this.runningVar = variableFrom(new Float32Array(n).fill(1), [n], false, `${uid}/${name}.running_var`);
  }

  /**
   * Training mode: normalizes with the batch mean and biased variance over N,H,W and returns
   * them (for `updateRunning`). Eval mode: uses the running statistics.
   */
  apply(x: tf.Tensor4D, training: boolean): { y: tf.Tensor4D; batch?: { mean: tf.Tensor1D; variance: tf.Tensor1D; count: number } } {
    if (training) {
      const [n, h, w] = x.shape;
      const count = n * h * w;
      if (count < 2) {
        throw new RangeError(`${this.name}: expected more than 1 value per channel when training, got input [${x.shape}]`);
      }
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      const y = x.sub(mean).mul(variance.add(this.eps).rsqrt()).mul(this.weight).add(this.bias) as tf.Tensor4D;
      return { y, batch: { mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D, count } };
    }
    const y = x
      .sub(this.runningMean)
      .mul(this.runningVar.add(this.eps).rsqrt())
      .mul(this.weight)
      .add(this.bias) as tf.Tensor4D;
    return { y };
  }

  /**
   * running = (1 - momentum)·running + momentum·batch; the variance uses the unbiased batch
   * variance (·count/(count-1)), as PyTorch does. Does not dispose the batch tensors.
   */
  updateRunning(batch: { mean: tf.Tensor; variance: tf.Tensor; count: number }): void {
    const m = this.momentum;
    tf.tidy(() => {
      this.runningMean.assign(this.runningMean.mul(1 - m).add(batch.mean.mul(m)));
      const unbiased = batch.variance.mul(batch.count / (batch.count - 1));
      this.runningVar.assign(this.runningVar.mul(1 - m).add(unbiased.mul(m)));
    });
  }

  variables(): tf.Variable[] {
    return [this.weight, this.bias, this.runningMean, this.runningVar];
  }
}

export interface ConvLayer {
  info: ConvLayerInfo;
  kernel: tf.Variable;
  bias: tf.Variable;
  bn?: BatchNorm2d;
}

export interface ForwardOptions {
  /** Batch norm uses batch statistics (and reports them) when true, running stats otherwise. */
  training: boolean;
  /** Return each parameterised layer's output ("conv1", "bn1", ...). */
  capture?: boolean;
}

export interface ForwardResult {
  /** [n, numClasses]. */
  logits: tf.Tensor2D;
  /**
   * With `capture`: each module with parameters, in forward order (conv1, bn1, conv2, ...).
   * Conv outputs are taken before the ReLU (they include the bias), as fastai's hooks on
   * the Conv2d modules see them; batch-norm outputs are the module outputs.
   */
  acts: Map<string, tf.Tensor4D>;
  /** Training mode with batch norm: batch statistics per BN layer, for `updateRunningStats`. */
  bnBatch: Array<{ bn: BatchNorm2d; mean: tf.Tensor1D; variance: tf.Tensor1D; count: number }>;
}

/** simple_cnn on tf.Variables. Call `dispose()` to free them. */
export class SimpleCnn {
  readonly layers: ConvLayer[];
  readonly options: Required<Omit<SimpleCnnOptions, "channels">> & { channels: readonly number[] };
  readonly uid: string;

  constructor(opts: SimpleCnnOptions = {}) {
    this.options = {
      batchNorm: opts.batchNorm ?? false,
      channels: opts.channels ?? [8, 16, 32, 64],
      firstKernel: opts.firstKernel ?? 5,
      seed: opts.seed ?? 0,
      inputSize: opts.inputSize ?? 28,
      inChannels: opts.inChannels ?? 1,
      numClasses: opts.numClasses ?? 10,
    };
    this.uid = `simple_cnn_${++modelCounter}`;
    const plan = simpleCnnPlan(this.options);
    const layers: ConvLayer[] = [];
    try {
      plan.forEach((info, i) => {
        const shape = [info.kernel, info.kernel, info.inChannels, info.outChannels];
        const init = pytorchDefaultInit(shape, layerSeed(this.options.seed, i));
        const layer: ConvLayer = {
          info,
          kernel: variableFrom(init.kernel, shape, true, `${this.uid}/${info.name}.weight`),
          bias: variableFrom(init.bias, [info.outChannels], true, `${this.uid}/${info.name}.bias`),
        };
        layers.push(layer);
        if (this.options.batchNorm) layer.bn = new BatchNorm2d(`bn${i + 1}`, info.outChannels, this.uid);
      });
    } catch (e) {
      for (const l of layers) for (const v of [l.kernel, l.bias, ...(l.bn?.variables() ?? [])]) v.dispose();
      throw e;
    }
    this.layers = layers;
  }

  /** Static per-layer description (sizes, MACs per image). */
  get plan(): ConvLayerInfo[] {
    return this.layers.map((l) => l.info);
  }

  /** Total multiply-accumulates per image over the convs. */
  get macsPerImage(): number {
    return this.layers.reduce((s, l) => s + l.info.macs, 0);
  }

  /** Names of the hooked (parameterised) layers in forward order: conv1, [bn1,] conv2, ... */
  get hookedLayerNames(): string[] {
    return this.layers.flatMap((l) => (l.bn ? [l.info.name, l.bn.name] : [l.info.name]));
  }

  /** Trainable parameters with fastai's default weight-decay flags (wd_bn_bias=False). */
  params(): NamedParam[] {
    return this.layers.flatMap((l) => {
      const ps: NamedParam[] = [
        { name: `${l.info.name}.weight`, variable: l.kernel, doWd: true },
        { name: `${l.info.name}.bias`, variable: l.bias, doWd: false },
      ];
      if (l.bn) {
        ps.push({ name: `${l.bn.name}.weight`, variable: l.bn.weight, doWd: false });
        ps.push({ name: `${l.bn.name}.bias`, variable: l.bn.bias, doWd: false });
      }
      return ps;
    });
  }

  /** Number of trainable scalars. */
  get numParams(): number {
    return this.params().reduce((s, p) => s + p.variable.size, 0);
  }

  /**
   * Forward pass on x [n, H, W, C]. Does not tidy: call inside tf.tidy / variableGrads, and
   * tf.keep whatever must survive (acts, bnBatch).
   */
  forward(x: tf.Tensor4D, opts: ForwardOptions): ForwardResult {
    const acts = new Map<string, tf.Tensor4D>();
    const bnBatch: ForwardResult["bnBatch"] = [];
    let h = x;
    for (const l of this.layers) {
      const p = l.info.pad;
      const padded = p > 0 ? tf.pad(h, [[0, 0], [p, p], [p, p], [0, 0]]) : h;
      const z = tf.fused.conv2d({
        x: padded,
        filter: l.kernel as tf.Tensor4D,
        strides: l.info.stride,
        pad: "valid",
        bias: l.bias,
      });
      if (opts.capture) acts.set(l.info.name, z);
      h = l.info.act ? tf.relu(z) : z;
      if (l.bn) {
        const { y, batch } = l.bn.apply(h, opts.training);
        if (batch) bnBatch.push({ bn: l.bn, ...batch });
        if (opts.capture) acts.set(l.bn.name, y);
        h = y;
      }
    }
    const logits = h.reshape([h.shape[0], -1]) as tf.Tensor2D;
    return { logits, acts, bnBatch };
  }

  /** Logits in eval mode, tidied. */
  predict(x: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => this.forward(x, { training: false }).logits);
  }

  /** Applies the batch statistics of a training forward to the running statistics. */
  updateRunningStats(bnBatch: ForwardResult["bnBatch"]): void {
    for (const b of bnBatch) b.bn.updateRunning(b);
  }

  /** Every variable (trainable and running statistics). */
  variables(): tf.Variable[] {
    return this.layers.flatMap((l) => [l.kernel, l.bias, ...(l.bn?.variables() ?? [])]);
  }

  dispose(): void {
    for (const v of this.variables()) v.dispose();
  }
}
