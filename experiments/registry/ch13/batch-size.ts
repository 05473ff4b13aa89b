// Card 6 (book #29): larger batches give more accurate gradients but fewer updates per epoch.
// Gradient error vs batch size at a fixed checkpoint, and one epoch at bs 64 (125 steps) vs bs 512 (16 steps).
// Deliberately NOT tested: "large batches generalize worse" (Keskar et al.) — a one-epoch MNIST run cannot show it.
import { BOOK_SOURCE, FACTS_SOURCE, FULL_SEEDS, QUICK_SEEDS, SIMPLE_CNN, bySeed, collapsedOf, commonSeeds, fmt, inconclusive, metric, missingVariants, pct, runsFor, safeDecide } from "../helpers.ts";
import { mean, slope } from "../stats.ts";
import type { ExperimentDefinition, RunSummary, VariantSpec, Verdict, VerdictCheck } from "../types.ts";

export const GRAD_NOISE_BATCH_SIZES = [16, 64, 256, 1024];
const SLOPE_RANGE: [number, number] = [-1.3, -0.7];

export const BATCH_SIZE_VARIANTS: VariantSpec[] = [
  {
    id: "grad-noise",
    label: "gradient error vs batch size at a checkpoint (60 steps, bs 64)",
    model: SIMPLE_CNN,
    train: { lr: 0.01, schedule: "one-cycle", bs: 64, epochs: 1, maxSteps: 60 },
    measurements: ["grad-noise"],
    measurementOptions: { gradNoise: { checkpointStep: 60, batchSizes: GRAD_NOISE_BATCH_SIZES, batchesPerSize: 4 } },
  },
  { id: "bs64", label: "1 epoch at bs 64 (125 updates)", model: SIMPLE_CNN, train: { lr: 0.01, schedule: "one-cycle", bs: 64, epochs: 1 } },
  { id: "bs512", label: "1 epoch at bs 512 (16 updates)", model: SIMPLE_CNN, train: { lr: 0.01, schedule: "one-cycle", bs: 512, epochs: 1 } },
];

function decide(runs: RunSummary[]): Verdict {
  const missing = missingVariants(runs, ["bs64", "bs512"], 1) ?? missingVariants(runs, ["grad-noise"], 1);
  if (missing) return missing;
  const numbers: Record<string, number> = {};
  const checks: VerdictCheck[] = [];

  // gradient error vs batch size: log-log slope of the seed-mean log error
  const noise = runsFor(runs, "grad-noise");
  const logErr: number[] = [];
  for (const b of GRAD_NOISE_BATCH_SIZES) {
    const errs = noise.map((r) => metric(r, `gradErrorByBs_${b}`));
    if (errs.some((e) => e === undefined || e <= 0))
      return inconclusive(`Gradient error for batch size ${b} (gradErrorByBs_${b}) missing or not positive in some run.`);
    const m = mean((errs as number[]).map(Math.log));
    numbers[`gradErrorByBs_${b}`] = Math.exp(m);
    logErr.push(m);
  }
  const s = slope(GRAD_NOISE_BATCH_SIZES.map(Math.log), logErr);
  numbers.logLogSlope = s;
  checks.push({
    description: `Gradient error shrinks about as 1/bs (log-log slope in [${SLOPE_RANGE[0]}, ${SLOPE_RANGE[1]}])`,
    passed: Number.isFinite(s) && s >= SLOPE_RANGE[0] && s <= SLOPE_RANGE[1],
    value: `slope ${fmt(s, 3)}; errors ${GRAD_NOISE_BATCH_SIZES.map((b) => `${b}: ${fmt(numbers[`gradErrorByBs_${b}`]!, 3)}`).join(", ")}`,
  });

  // fewer updates per epoch: bs 512 less accurate after one epoch in every seed
  const seeds = commonSeeds(runs, ["bs64", "bs512"]);
  const r64 = bySeed(runs, "bs64");
  const r512 = bySeed(runs, "bs512");
  const collapsed64 = seeds.filter((sd) => collapsedOf(r64.get(sd)!));
  if (collapsed64.length > 0)
    return inconclusive(`The bs 64 run collapsed for seed(s) ${collapsed64.join(", ")}, so the update-count comparison means nothing.`, checks, numbers);
  const wins = seeds.filter((sd) => r512.get(sd)!.final.validAcc < r64.get(sd)!.final.validAcc).length;
  numbers.acc64 = mean(seeds.map((sd) => r64.get(sd)!.final.validAcc));
  numbers.acc512 = mean(seeds.map((sd) => r512.get(sd)!.final.validAcc));
  numbers.steps64 = mean(seeds.map((sd) => r64.get(sd)!.steps));
  numbers.steps512 = mean(seeds.map((sd) => r512.get(sd)!.steps));
  checks.push({
    description: "After one epoch, bs 512 (fewer updates) is less accurate than bs 64 in every seed",
    passed: wins === seeds.length,
    value: `${wins}/${seeds.length} seeds; ${pct(numbers.acc512, 2)} vs ${pct(numbers.acc64, 2)}`,
  });

  const ok = checks.every((c) => c.passed);
  return {
    verdict: ok ? "supported" : "not-supported",
    summary: ok
      ? `Larger batches give more accurate gradients (error ∝ bs^${fmt(s, 2)}) but, with ${fmt(numbers.steps512, 3)} instead of ${fmt(numbers.steps64, 3)} updates, a less accurate model after one epoch. (Generalization is not tested.)`
      : `Not shown by these runs: ${checks.filter((c) => !c.passed).map((c) => `${c.description} (${c.value})`).join("; ")}.`,
    numbers,
    checks,
  };
}

export const batchSize: ExperimentDefinition = {
  id: "ch13-batch-size",
  cardExternalId: "ch13-q6",
  claim: "A larger batch gives a more accurate gradient, but an epoch then has fewer weight updates.",
  kind: "trained",
  variants: BATCH_SIZE_VARIANTS,
  seeds: FULL_SEEDS,
  quick: { seeds: QUICK_SEEDS, maxSteps: 32, trainSubset: 2048 }, // one (smaller) epoch each: 32 vs 4 updates
  measures: [
    "relative squared gradient error ‖g_b − g‖² / ‖g‖² for bs 16/64/256/1024 vs the full 8k-image gradient, at a fixed checkpoint",
    "validation accuracy after one epoch at bs 64 vs bs 512",
  ],
  decisionRule:
    "Supported if the gradient error falls roughly as 1/bs (log-log slope between −1.3 and −0.7, seed-mean log errors) AND after one epoch " +
    "bs 512 is less accurate than bs 64 in every seed. Otherwise not supported. Missing measurements or a collapsed bs 64 run: inconclusive. " +
    "Worse generalization of large batches is not claimed.",
  decide: safeDecide(decide),
  sources: [`${BOOK_SOURCE}, “Increase Batch Size”; questionnaire #29`, "McCandlish et al., gradient noise scale (arXiv 1812.06162)", FACTS_SOURCE],
};
