/**
 * Runs one VariantSpec × seed of a registry experiment on the fastai-style Learner and fills a
 * RunSummary (experiments/registry/types.ts) with the metrics the ch13 decide() rules read.
 *
 * Schedules (registry `Schedule`), all on Learner.fit's ParamScheduler:
 * - "constant": plain fit at lr, momentum 0.9;
 * - "one-cycle": fit_one_cycle defaults (div 25, divFinal 1e5, pctStart 0.25, moms .95/.85/.95);
 * - { warmup, anneal }: the same combined cosine with momentum fixed at 0.9, and each phase switched
 *   off by making it flat: warmup off ⇒ div 1 (lr for the first 25%), anneal off ⇒ divFinal 1.
 *
 * Measurements implemented: macs (always), activation-stats (nearZeroByLayer_<layer> over the last
 * 20% of recorded batches + card 3's API facts), callback-attrs (card 4), dead-channels
 * (deadChannels, deadChannelGrad), steps-to-acc (stepsTo95), jitter (jitterLast20pct),
 * sharpness, grad-noise (gradErrorByBs_<bs>).
 *
 * Seeds: the model init seed and the batch-shuffle seed are both `seed`; measurement draws derive from it,
 * so the same (variant, seed, data, mode) gives the same summary on the same backend.
 */
import * as tf from "@tensorflow/tfjs";
import { HIST_MAX, HIST_MIN, NEAR_ZERO_THRESHOLD } from "../learner/activation-stats.ts";
import { batchOf } from "../learner/batch.ts";
import { evaluateSync } from "../learner/evaluate.ts";
import { ActivationStats, Callback, Learner, Recorder, type FitOptions, type LearnerData } from "../learner/learner.ts";
import { SimpleCnn } from "../learner/model.ts";
import type { OneCycleOptions } from "../learner/schedule.ts";
import { mulberry32 } from "../random/mulberry32.ts";
import { isCollapsed, sampleSd } from "../registry/stats.ts";
import type { ExperimentDefinition, Measurement, RunSummary, Schedule, VariantSpec } from "../registry/types.ts";
import { downsample as downsampleMeans } from "../registry/stats.ts";
import { layerHistOf, layerSeriesOf } from "./layer-series.ts";

export type RunMode = "full" | "quick";

export interface RunProgress {
  variantId: string;
  seed: number;
  step: number;
  totalSteps: number;
  loss: number;
}

export interface RunVariantOptions {
  mode: RunMode;
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  /** Extra cap on optimizer steps (on top of the variant's maxSteps and quick.maxSteps); for tests and previews. */
  maxSteps?: number;
  /** Override of the training subset (first n training images); for tests and previews. */
  trainSubset?: number;
}

/** Most points kept in `trainLossCurve` (bucket means beyond that). */
export const MAX_CURVE_POINTS = 200;
/** Share of the final steps / recorded batches used by jitter and near-zero shares. */
export const LAST_SHARE = 0.2;
/** Images used for the dead-channel check (one training-mode forward/backward). */
export const DEAD_CHANNEL_IMAGES = 1000;
/** Training images evaluated (eval mode) for `final.trainLoss`. */
export const TRAIN_EVAL_IMAGES = 2000;

/** An AbortError like fetch's (DOMException where available). */
export function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  const e = new Error("The run was cancelled.");
  e.name = "AbortError";
  return e;
}

/** Learner.fit options for a registry schedule. */
export function fitScheduleOptions(schedule: Schedule): Pick<FitOptions, "oneCycle" | "oneCycleOpts"> {
  if (schedule === "constant") return { oneCycle: false };
  if (schedule === "one-cycle") return { oneCycle: true };
  const opts: OneCycleOptions = {
    div: schedule.warmup ? 25 : 1,
    divFinal: schedule.anneal ? 1e5 : 1,
    pctStart: 0.25,
    moms: [0.9, 0.9, 0.9],
  };
  return { oneCycle: true, oneCycleOpts: opts };
}

/** Steps and training indices a variant gets in this mode. */
export function resolveBudget(
  def: ExperimentDefinition,
  variant: VariantSpec,
  nTrain: number,
  opts: Pick<RunVariantOptions, "mode" | "maxSteps" | "trainSubset">,
): { trainImages: number; maxSteps: number } {
  const quick = opts.mode === "quick";
  const subset = opts.trainSubset ?? (quick ? def.quick.trainSubset : undefined) ?? variant.train.trainSubset ?? nTrain;
  const trainImages = Math.min(nTrain, subset);
  // grad-noise measures at min(checkpointStep, steps): training stops at the checkpoint.
  const checkpoint = variant.measurements?.includes("grad-noise") ? variant.measurementOptions?.gradNoise?.checkpointStep : undefined;
  const caps = [variant.train.maxSteps, quick ? def.quick.maxSteps : undefined, opts.maxSteps, checkpoint].filter((x): x is number => x !== undefined);
  const perEpoch = Math.floor(trainImages / variant.train.bs);
  return { trainImages, maxSteps: Math.min(perEpoch * variant.train.epochs, ...caps) };
}

/** The run's curves are kept to at most MAX_CURVE_POINTS bucket means. */
export function downsample(xs: readonly number[], maxPoints = MAX_CURVE_POINTS): number[] {
  return downsampleMeans(xs, maxPoints);
}

/** The last LAST_SHARE of `xs` (at least `min` items, or all of them). */
export function lastShare<T>(xs: readonly T[], min = 1): T[] {
  const k = Math.min(xs.length, Math.max(min, Math.ceil(xs.length * LAST_SHARE)));
  return xs.slice(xs.length - k);
}

/** Share of the most common label among `idx`. */
export function majorityShareOf(labels: ArrayLike<number>, idx: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < idx.length; i++) {
    const l = labels[idx[i]!]!;
    counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  return idx.length > 0 ? Math.max(...counts.values()) / idx.length : Number.NaN;
}

/** steps-to-acc: evaluates on a validation subset every `every` steps; records the first step reaching `target`. */
class StepsToAccuracy extends Callback {
  static override readonly className = "StepsToAccuracy";
  reachedAt = -1;
  checks: Array<{ step: number; accuracy: number }> = [];
  constructor(
    readonly every: number,
    readonly idx: ArrayLike<number>,
    readonly target: number,
  ) {
    super();
  }
  override beforeFit(): void {
    this.reachedAt = -1;
    this.checks = [];
  }
  override afterStep(learn: Learner): void {
    const step = learn.trainIter + 1;
    if (this.reachedAt >= 0 || step % this.every !== 0) return;
    const { accuracy } = evaluateSync(learn.model, learn.data, this.idx);
    this.checks.push({ step, accuracy });
    if (accuracy >= this.target) this.reachedAt = step;
  }
}

/** Mean cross-entropy of the batch (training or eval mode; BN running stats are never updated here) as a scalar; call inside a tidy. */
function lossOn(model: SimpleCnn, x: tf.Tensor4D, y: tf.Tensor2D, training: boolean): tf.Scalar {
  const out = model.forward(x, { training });
  return tf.losses.softmaxCrossEntropy(y, out.logits, undefined, 0, tf.Reduction.MEAN) as tf.Scalar;
}

/**
 * dead-channels: one training-mode forward/backward on `idx`; a ReLU channel (conv1..conv4) is dead when
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

/**
 * sharpness: mean rise of the (eval-mode) training loss on `idx` when every trainable weight w becomes
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
 * grad-noise: g = gradient over all of `train` (chunks weighted by size); for each batch size b,
 * `batchesPerSize` seeded random batches give mean ‖g_b − g‖² / ‖g‖².
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
  const CHUNK = 500;
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

/** Card 3's API facts and per-layer near-zero shares, read off the live ActivationStats callback. */
export function activationStatsMetrics(stats: ActivationStats, hooked: readonly string[], recordedAfterFit: number): Record<string, number> {
  const m: Record<string, number> = {};
  const recs = stats.stats;
  const first = recs[0];
  const firstLayer = first ? Object.values(first)[0] : undefined;
  m.has_mean = firstLayer && typeof firstLayer.mean === "number" ? 1 : 0;
  m.has_std = firstLayer && typeof firstLayer.std === "number" ? 1 : 0;
  m.has_near_zero = firstLayer && typeof firstLayer.nearZero === "number" ? 1 : 0;
  if (stats.withHist && firstLayer?.hist) {
    m.hist_bins = firstLayer.hist.length;
    m.hist_min = HIST_MIN;
    m.hist_max = HIST_MAX;
  }
  m.near_zero_threshold = NEAR_ZERO_THRESHOLD;
  const layerNames = first ? Object.keys(first) : [];
  m.hooked_relu = layerNames.some((n) => /relu/i.test(n)) ? 1 : 0;
  m.hooked_layers = layerNames.length;
  // Batches recorded by the end of fit (training) and added while the learner evaluated the validation set.
  m.train_batches_recorded = recordedAfterFit;
  m.valid_batches_recorded = recs.length - recordedAfterFit;
  const tail = lastShare(recs);
  for (const name of hooked) {
    const vals = tail.map((r) => r[name]?.nearZero).filter((v): v is number => typeof v === "number");
    if (vals.length > 0) m[`nearZeroByLayer_${name}`] = vals.reduce((a, b) => a + b, 0) / vals.length;
  }
  return m;
}

const has = (v: VariantSpec, m: Measurement): boolean => v.measurements?.includes(m) ?? false;

/** Runs one variant × seed and summarizes it. Rejects with an AbortError when `signal` aborts; frees all tensors either way. */
export async function runVariant(
  def: ExperimentDefinition,
  variant: VariantSpec,
  seed: number,
  data: LearnerData,
  opts: RunVariantOptions,
): Promise<RunSummary> {
  const { signal } = opts;
  if (signal?.aborted) throw abortError(signal);
  const { trainImages, maxSteps } = resolveBudget(def, variant, data.train.length, opts);
  const trainIdx = Uint32Array.from(data.train as ArrayLike<number>).subarray(0, trainImages);
  const runData: LearnerData = { ...data, train: trainIdx };
  const mo = variant.measurementOptions ?? {};

  const cbs: Callback[] = [];
  let actStats: ActivationStats | undefined;
  if (has(variant, "activation-stats") || has(variant, "callback-attrs")) {
    actStats = new ActivationStats({ every: mo.activationStats?.every ?? 1, withHist: mo.activationStats?.withHist ?? false });
    cbs.push(actStats);
  }
  let stepsToAcc: StepsToAccuracy | undefined;
  if (has(variant, "steps-to-acc")) {
    const o = mo.stepsToAcc ?? { every: 10, evalImages: 500, target: 0.95 };
    stepsToAcc = new StepsToAccuracy(o.every, Uint32Array.from(data.valid as ArrayLike<number>).subarray(0, o.evalImages), o.target);
    cbs.push(stepsToAcc);
  }

  const model = new SimpleCnn({
    batchNorm: variant.model.batchNorm,
    channels: [variant.model.firstChannels ?? variant.model.channels[0]!, ...variant.model.channels.slice(1)],
    firstKernel: variant.model.firstKernel,
    seed,
    inputSize: data.imageShape[0],
    inChannels: data.imageShape[2],
    numClasses: data.numClasses,
  });
  let learn: Learner | undefined;
  try {
    learn = new Learner(model, runData, { cbs });
    const l = learn;
    const fit = await l.fit(variant.train.epochs, {
      lr: variant.train.lr,
      ...fitScheduleOptions(variant.train.schedule),
      bs: variant.train.bs,
      seed,
      maxSteps,
      signal,
      validate: false,
      onProgress: (p) => opts.onProgress?.({ variantId: variant.id, seed, step: p.step, totalSteps: p.totalSteps, loss: p.loss }),
    });
    if (fit.cancelled || signal?.aborted) throw abortError(signal);
    const recordedAfterFit = actStats?.stats.length ?? 0;

    const valid = await l.evaluate(data.valid, 500, signal);
    if (!valid) throw abortError(signal);
    const trainEval = await l.evaluate(trainIdx.subarray(0, TRAIN_EVAL_IMAGES), 500, signal);
    if (!trainEval) throw abortError(signal);
    const losses = l.recorder.losses;

    const metrics: Record<string, number> = { macs: model.macsPerImage };
    if (has(variant, "activation-stats") && actStats) Object.assign(metrics, activationStatsMetrics(actStats, model.hookedLayerNames, recordedAfterFit));
    if (has(variant, "callback-attrs")) {
      const rec = l.recorder;
      const as = l.activation_stats;
      metrics.attr_recorder = rec instanceof Recorder ? 1 : 0;
      metrics.attr_activation_stats = as instanceof ActivationStats ? 1 : 0;
      metrics.cbs_contains_all = [rec, as].every((cb) => cb !== undefined && l.cbs.includes(cb)) ? 1 : 0;
      // fit() adds its ParamScheduler for the duration of the fit only (fit_one_cycle's cbs=...).
      metrics.fit_only_cb_removed = l.param_scheduler === undefined && !l.cbs.some((cb) => cb.name === "param_scheduler") ? 1 : 0;
    }
    if (has(variant, "jitter") && losses.length >= 2) metrics.jitterLast20pct = sampleSd(lastShare(losses, 2));
    if (stepsToAcc) metrics.stepsTo95 = stepsToAcc.reachedAt;
    if (has(variant, "dead-channels")) {
      if (signal?.aborted) throw abortError(signal);
      Object.assign(metrics, deadChannelMetrics(model, runData, trainIdx.subarray(0, DEAD_CHANNEL_IMAGES)));
    }
    if (has(variant, "sharpness")) {
      if (signal?.aborted) throw abortError(signal);
      const o = mo.sharpness ?? { nudges: 5, relScale: 0.01, evalImages: 1000 };
      metrics.sharpness = sharpnessMetric(model, runData, trainIdx.subarray(0, o.evalImages), o.nudges, o.relScale, seed);
    }
    if (has(variant, "grad-noise") && mo.gradNoise) {
      Object.assign(metrics, gradNoiseMetrics(model, runData, trainIdx, mo.gradNoise.batchSizes, mo.gradNoise.batchesPerSize, seed, signal));
    }

    const final = { validLoss: valid.loss, validAcc: valid.accuracy, trainLoss: trainEval.loss };
    const majorityShare = majorityShareOf(data.labels, data.valid);
    const summary: RunSummary = {
      variantId: variant.id,
      seed,
      steps: fit.steps,
      final,
      trainLossCurve: downsample(losses),
      metrics,
      majorityShare,
      collapsed: isCollapsed(final, majorityShare),
    };
    if (has(variant, "activation-stats") && actStats) {
      // Training batches only (fastai records no validation batches; the evaluate() calls above may add some).
      const recs = actStats.stats.slice(0, recordedAfterFit);
      const steps = actStats.steps.slice(0, recordedAfterFit);
      summary.layerStats = layerSeriesOf(recs, steps);
      if (actStats.withHist) summary.layerHist = layerHistOf(recs, steps);
    }
    return summary;
  } finally {
    if (learn) learn.dispose();
    else model.dispose();
  }
}
