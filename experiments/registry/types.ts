// Shared types for experiment definitions (pure: no tfjs, no I/O).
// A definition says WHAT to run (variants × seeds) and HOW the runs become a verdict.
// The trainer (experiments/learner, runners) turns each VariantSpec × seed into a RunSummary.
import type { Interval } from "../statistics/intervals.ts";
import type { Outcome, Test } from "../statistics/judge.ts";

export type { Interval, Outcome, Test };

/** Model options for the book's `simple_cnn` family (stride-2 convs, same padding: grid 28→14→7→4→2→1). */
export interface ModelOptions {
  /** BatchNorm2d after each ReLU (the book's `conv(..., bn=True)` variant). */
  batchNorm: boolean;
  /** Output channels of the four hidden convs, e.g. [8, 16, 32, 64]; a final conv to 10 classes (no activation) follows. */
  channels: number[];
  /** Kernel size of the first conv (the others are 3×3). */
  firstKernel: 3 | 5;
  /** Optional override of channels[0] (card 2's 3×3×4 control); the trainer uses `firstChannels ?? channels[0]`. */
  firstChannels?: number;
}

/**
 * Learning-rate schedule:
 * - "constant": `lr` for every step, momentum (Adam β1) fixed at 0.9;
 * - "one-cycle": fastai's `fit_one_cycle` (div 25, div_final 1e5, pct_start 0.25, cosine) with momentum 0.95→0.85→0.95;
 * - { warmup, anneal }: 1cycle's two phases switched on/off separately, momentum fixed at 0.9.
 *   warmup: cosine from lr/25 to lr over the first 25% of steps (else lr flat);
 *   anneal: cosine from lr to lr/1e5 over the remaining 75% (else lr flat).
 */
export type Schedule = "constant" | "one-cycle" | { warmup: boolean; anneal: boolean };

export interface TrainOptions {
  /** Peak (or constant) learning rate. */
  lr: number;
  schedule: Schedule;
  /** Batch size. */
  bs: number;
  epochs: number;
  /** Stop after this many optimizer steps; the schedule is laid out over min(epochs·steps/epoch, maxSteps). */
  maxSteps?: number;
  /** Train on the first n images of the (shuffled, stratified) 8k training split only. */
  trainSubset?: number;
}

/** Extra measurements a variant asks the trainer for (beyond final loss/accuracy and the loss curve). */
export type Measurement =
  | "activation-stats" // ActivationStats per hooked layer: nearZeroByLayer_<layer>, api metrics (card 3)
  | "callback-attrs" // learner attribute checks (card 4)
  | "dead-channels" // deadChannels, deadChannelGrad (card 5)
  | "grad-noise" // gradErrorByBs_<bs> (card 6)
  | "steps-to-acc" // stepsTo95 (card 8)
  | "sharpness" // sharpness (card 8)
  | "jitter"; // jitterLast20pct (cards 7, 9)

export interface MeasurementOptions {
  /** grad-noise: after min(checkpointStep, steps) training steps, compare minibatch gradients with the full-train-set gradient. */
  gradNoise?: { checkpointStep: number; batchSizes: number[]; batchesPerSize: number };
  /** sharpness: mean rise of training loss when every weight w gets w·(1 + relScale·N(0,1)), over `nudges` draws. */
  sharpness?: { nudges: number; relScale: number; evalImages: number };
  /** steps-to-acc: evaluate on `evalImages` validation images every `every` steps. */
  stepsToAcc?: { every: number; evalImages: number; target: number };
  /** activation-stats: record one training batch in `every`, with histograms when `withHist`. */
  activationStats?: { every: number; withHist: boolean };
}

export interface VariantSpec {
  id: string;
  label: string;
  model: ModelOptions;
  train: TrainOptions;
  measurements?: Measurement[];
  measurementOptions?: MeasurementOptions;
}

export interface RunSummary {
  variantId: string;
  seed: number;
  /** Optimizer steps actually taken. */
  steps: number;
  final: { validLoss: number; validAcc: number; trainLoss: number };
  /** Training loss per step (downsampling is fine). */
  trainLossCurve: number[];
  /**
   * Named measurements. Conventions used by the ch13 rules:
   * macs, gradErrorByBs_<bs> (relative squared error ‖g_b−g‖²/‖g‖²), sharpness, stepsTo95 (−1 = never),
   * nearZeroByLayer_conv1..conv5 (share ≤ 0.05 over the last 20% of recorded batches), deadChannels,
   * deadChannelGrad (max |grad| over all-zero ReLU channels), jitterLast20pct, and the api-fact flags
   * of cards 3 and 4 (1 = present/true, 0 = absent/false).
   */
  metrics: Record<string, number>;
  /** Validation share of the most common class (≈ 0.1135 for MNIST's digit 1); used for collapse detection. */
  majorityShare?: number;
  /** Set by the trainer with `isCollapsed` (stats.ts); when absent, rules compute it the same way. */
  collapsed?: boolean;
  /** activation-stats: ActivationStats' mean, std and near-zero share per hooked layer over the recorded training batches. */
  layerStats?: LayerSeries[];
  /** activation-stats with histograms: the "colorful dimension" data per hooked layer. */
  layerHist?: LayerHistogram[];
}

/** One hooked layer's stats over training; all arrays have the same length (≤ 100 points, bucket means). */
export interface LayerSeries {
  layer: string;
  /** Training step (0-based) at the middle of each point's bucket. */
  steps: number[];
  mean: number[];
  std: number[];
  nearZero: number[];
}

/** One hooked layer's histograms (fastai `histc(40, 0, 10)`), one column per recorded batch (≤ 60 columns, bucket means). */
export interface LayerHistogram {
  layer: string;
  steps: number[];
  bins: number;
  min: number;
  max: number;
  /** counts[column][bin]: values of that layer's output in the bin, averaged over the column's batches. */
  counts: number[][];
}

/** An estimate with its 95 % interval, in the unit it is shown in, and the test it was judged by. */
export interface CheckEstimate extends Interval {
  /** "percentage points", "nats", "share of pairs", "log–log slope" … (never a bare "%"). */
  unit: string;
  /** Absent for observations that are reported but not judged. */
  test?: Test;
  /** What n counts when it is not seeds: "pairs", "runs". */
  nLabel?: string;
}

export interface VerdictCheck {
  description: string;
  /**
   * judged: decides the verdict through `outcome`; fact: computed exactly (arithmetic, a gradient that is
   * exactly zero), judged too; observation: reported beside the verdict, never counted in it.
   */
  role: "judged" | "fact" | "observation";
  outcome: Outcome;
  /** The check's numbers in words (estimate, interval, margin, per-seed values). */
  value: string;
  estimate?: CheckEstimate;
}

/**
 * supported / contradicted / not-shown / inconclusive (see statistics/judge.ts) for trained experiments;
 * API facts are a different kind: "confirmed-in-source" when the cited fastai source states it, with our
 * learner's mirror of the behaviour reported separately (`mirror`).
 */
export type VerdictKey = Outcome | "confirmed-in-source";

export interface Verdict {
  verdict: VerdictKey;
  /** Plain words: what was tested, what held, what did not, with numbers. */
  summary: string;
  numbers: Record<string, number>;
  checks: VerdictCheck[];
  /** API facts: whether our learner behaves as the cited source says (its checks are `checks`). */
  mirror?: "mirrors" | "differs" | "not-reported";
}

/** A source a reader can open. */
export interface Source {
  text: string;
  href: string;
}

/** A change of the decision rule or design, kept visible with the verdict it replaced. */
export interface RuleRevision {
  /** The version this revision introduced. */
  version: number;
  /** YYYY-MM-DD. */
  date: string;
  /** True when the change was made after seeing results of earlier runs (then only fresh seeds may judge it). */
  afterSeeingResults: boolean;
  /** What changed, in words. */
  change: string;
  because: string;
}

/** How the seed count was chosen: a power calculation from pilot runs for each judged comparison. */
export interface PowerPlan {
  check: string;
  /** Spread of the pilot's paired differences (paired t) or the pilot's win share (win-share designs). */
  pilotSpread: number;
  pilotN: number;
  unit: string;
  test: Test;
  /** Seeds (or seed pairs ÷ pairs per seed) needed for 80 % power; > maxSeeds means the budget does not allow it. */
  seedsNeeded: number;
}

export interface ExperimentDefinition {
  /** = the card's experimentId. */
  id: string;
  /** Bumped whenever anything pre-registered changes (claim, variants, seeds, measures, rule, thresholds). */
  version: number;
  /** "ch13-q1" … */
  cardExternalId: string;
  /** The claim under test, one plain sentence. */
  claim: string;
  /**
   * "trained": verdict from training runs; "api-fact": confirmed in the fastai source, with our learner's
   * live mirror of it checked separately (not an experiment).
   */
  kind: "trained" | "api-fact";
  variants: VariantSpec[];
  /** Confirmatory seeds (trained: ≥ 3, fresh: never used by a pilot or an earlier version). */
  seeds: number[];
  /** Exploratory seeds whose runs chose the seed count (kept apart from the confirmatory runs). */
  pilotSeeds: number[];
  /** Most seeds the compute budget allows per variant. */
  maxSeeds: number;
  /** Seeds needed per judged comparison, from pilot runs (pure). Empty for API facts. */
  plan: (pilotRuns: RunSummary[]) => PowerPlan[];
  /** The rule's numbers (margins, bands), as data: part of what is pre-registered. */
  thresholds: Record<string, number | string | boolean | number[]>;
  /**
   * Phone mode: one seed; every variant's steps capped at maxSteps (the schedule is laid out over the capped
   * steps); with trainSubset, every variant trains on (and grad-noise references) the first n training images
   * instead of its own trainSubset/8k. Verdicts from it are provisional.
   */
  quick: { seeds: number[]; maxSteps: number; trainSubset?: number };
  /**
   * Definitions with the same runGroup share identical variants (same id ⇒ same spec):
   * a runner may train them once and pass the same runs to each decide().
   */
  runGroup?: string;
  measures: string[];
  /** The rule in plain language, as shown in the app. */
  decisionRule: string;
  /** What this design can and cannot show, and how it differs from the book's setup. */
  limits: string;
  /** Every revision since version 1, oldest first. */
  revisions: RuleRevision[];
  /** Pure; never throws: missing variants or data give "inconclusive" with the reason. */
  decide: (runs: RunSummary[]) => Verdict;
  sources: Source[];
}
