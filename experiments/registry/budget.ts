// Rough wall-time estimate of an experiment on the 2-core wasm backend (pure), used to keep
// definitions within budget: ~1,000 training images/s for the book's simple_cnn (≈ 249k MACs/image),
// forward-only evaluation ≈ 3× faster, cost scaled by each model's MACs.
import { totalMacs } from "./model-cost.ts";
import type { ExperimentDefinition, VariantSpec } from "./types.ts";

export const TRAIN_IMAGES = 8000;
export const VALID_IMAGES = 2000;
export const TRAIN_IMAGES_PER_S = 1000;
export const EVAL_SPEEDUP = 3;
const REF_MACS = 248_864; // simple_cnn 8-16-32-64, 5×5 first conv
const MIN_COST = 0.35; // small models are not proportionally faster (per-op overhead)

export function plannedSteps(v: VariantSpec, quickMaxSteps?: number, quickSubset?: number): number {
  const n = quickSubset ?? v.train.trainSubset ?? TRAIN_IMAGES;
  const perEpoch = Math.ceil(n / v.train.bs);
  return Math.min(perEpoch * v.train.epochs, v.train.maxSteps ?? Infinity, quickMaxSteps ?? Infinity);
}

export function estimateVariantSeconds(v: VariantSpec, quickMaxSteps?: number, quickSubset?: number): number {
  const cost = Math.max(MIN_COST, totalMacs(v.model) / REF_MACS) * (v.model.batchNorm ? 1.15 : 1);
  const steps = plannedSteps(v, quickMaxSteps, quickSubset);
  let trainImages = steps * v.train.bs;
  let evalImages = VALID_IMAGES;
  const o = v.measurementOptions ?? {};
  if (o.gradNoise) trainImages += (quickSubset ?? TRAIN_IMAGES) + o.gradNoise.batchSizes.reduce((a, b) => a + b * o.gradNoise!.batchesPerSize, 0);
  if (o.stepsToAcc) evalImages += Math.floor(steps / o.stepsToAcc.every) * o.stepsToAcc.evalImages;
  if (o.sharpness) evalImages += (o.sharpness.nudges + 1) * o.sharpness.evalImages;
  return (cost * (trainImages + evalImages / EVAL_SPEEDUP)) / TRAIN_IMAGES_PER_S;
}

/** Seconds for all variants × seeds (full) or the quick mode's seed and step cap. */
export function estimateSeconds(def: ExperimentDefinition, quick = false): number {
  const seeds = quick ? def.quick.seeds.length : def.seeds.length;
  const cap = quick ? def.quick.maxSteps : undefined;
  const subset = quick ? def.quick.trainSubset : undefined;
  return seeds * def.variants.reduce((s, v) => s + estimateVariantSeconds(v, cap, subset), 0);
}

/**
 * Steps and training images a variant gets in this mode: what the runner trains (run-variant.ts), and what
 * the server expects of runs sent from a browser (custom/submission.ts). Pure, so both can use it.
 */
export function resolveBudget(
  def: ExperimentDefinition,
  variant: VariantSpec,
  nTrain: number,
  opts: { mode: "full" | "quick"; maxSteps?: number; trainSubset?: number },
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

