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
 * Measurements (one file each under ./measure/): macs (always, here), activation-stats
 * (nearZeroByLayer_<layer> over the last 20% of recorded batches + card 3's API facts), callback-attrs
 * (card 4), dead-channels (deadChannels, deadChannelGrad), steps-to-acc (stepsTo95), jitter
 * (jitterLast20pct), sharpness, grad-noise (gradErrorByBs_<bs>). This file only wires them in.
 *
 * Seeds: the model init seed and the batch-shuffle seed are both `seed`; measurement draws derive from it,
 * so the same (variant, seed, data, mode) gives the same summary on the same backend.
 */
import { ActivationStats, Learner, type Callback, type FitOptions, type LearnerData } from "../learner/learner.ts";
import { SimpleCnn } from "../learner/model.ts";
import type { OneCycleOptions } from "../learner/schedule.ts";
import { downsample, isCollapsed } from "../registry/stats.ts";
import type { ExperimentDefinition, Measurement, RunSummary, Schedule, VariantSpec } from "../registry/types.ts";
import { abortError } from "./abort.ts";
import { layerHistOf, layerSeriesOf } from "./layer-series.ts";
import { activationStatsMetrics } from "./measure/activation-facts.ts";
import { callbackAttrMetrics } from "./measure/callback-attrs.ts";
import { DEAD_CHANNEL_IMAGES, deadChannelMetrics } from "./measure/dead-channels.ts";
import { gradNoiseMetrics } from "./measure/grad-noise.ts";
import { jitterMetrics } from "./measure/jitter.ts";
import { sharpnessMetric } from "./measure/sharpness.ts";
import { StepsToAccuracy } from "./measure/steps-to-acc.ts";

export { abortError };
export { resolveBudget } from "../registry/budget.ts";
import { resolveBudget } from "../registry/budget.ts";

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
/** Training images evaluated (eval mode) for `final.trainLoss`. */
export const TRAIN_EVAL_IMAGES = 2000;

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

/** Share of the most common label among `idx`. */
export function majorityShareOf(labels: ArrayLike<number>, idx: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < idx.length; i++) {
    const l = labels[idx[i]!]!;
    counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  return idx.length > 0 ? Math.max(...counts.values()) / idx.length : Number.NaN;
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
    if (has(variant, "callback-attrs")) Object.assign(metrics, callbackAttrMetrics(l));
    if (has(variant, "jitter")) Object.assign(metrics, jitterMetrics(losses));
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
      trainLossCurve: downsample(losses, MAX_CURVE_POINTS),
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
