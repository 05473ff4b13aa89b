// Card 8 (book #31+32): 1cycle makes high learning rates usable; high LRs train faster (super-convergence)
// and overfit less (the flat-minimum story, which stays a hypothesis: sharpness is only a proxy).
import { bookSection, fastaiFile, paper, questionnaire } from "../../sources/book.ts";
import { pairedT } from "../../statistics/intervals.ts";
import { PILOT_SEEDS, QUICK_SEEDS, SIMPLE_CNN_BN, collapsedOf, inconclusive, judgedCheck, metric, missingVariants, runsFor, safeDecide, seedRange, verdictFrom } from "../helpers.ts";
import { paired, pairedPlan } from "../plan.ts";
import { mean } from "../stats.ts";
import type { ExperimentDefinition, PowerPlan, RunSummary, VariantSpec, Verdict } from "../types.ts";

export const SWEEP_LRS = [0.001, 0.003, 0.01, 0.03, 0.06];
export const OVERFIT_LOW = 0.003;
export const OVERFIT_HIGH = 0.03;
const SPEED_LOW = 0.003;
const SPEED_HIGH = 0.03;
const TARGET_ACC = 0.95;
const SWEEP_STEPS = 80;

export const sweepId = (lr: number): string => `sweep-lr${lr}`;
export const overfitId = (lr: number): string => `overfit-lr${lr}`;

export const ONE_CYCLE_VARIANTS: VariantSpec[] = [
  ...SWEEP_LRS.map(
    (lr): VariantSpec => ({
      id: sweepId(lr),
      label: `BN, 1cycle max LR ${lr}, ${SWEEP_STEPS} steps`,
      model: SIMPLE_CNN_BN,
      train: { lr, schedule: "one-cycle", bs: 64, epochs: 1, maxSteps: SWEEP_STEPS },
      measurements: ["steps-to-acc"],
      measurementOptions: { stepsToAcc: { every: 10, evalImages: 500, target: TARGET_ACC } },
    }),
  ),
  ...[OVERFIT_LOW, OVERFIT_HIGH].map(
    (lr): VariantSpec => ({
      id: overfitId(lr),
      label: `BN, 1cycle max LR ${lr}, 1k training images × 5 epochs`,
      model: SIMPLE_CNN_BN,
      train: { lr, schedule: "one-cycle", bs: 64, epochs: 5, trainSubset: 1000 },
      measurements: ["sharpness"],
      measurementOptions: { sharpness: { nudges: 5, relScale: 0.01, evalImages: 1000 } },
    }),
  ),
];

const T = {
  /** Smallest accuracy gain after 80 steps (max LR 0.03 over 0.003) that matters, in percentage points. */
  speedMargin: 1,
  /** Smallest shrink of the validation − training loss gap that matters, in nats. */
  gapMargin: 0.02,
  /** Smallest drop in sharpness (training-loss rise under 1 % weight nudges) that matters, in nats. */
  sharpnessMargin: 0.001,
} as const;
const speedTest = { kind: "superiority", null: 0, margin: T.speedMargin } as const;
const gapTest = { kind: "superiority", null: 0, margin: T.gapMargin } as const;
const sharpTest = { kind: "superiority", null: 0, margin: T.sharpnessMargin } as const;

const accPoints = (r: RunSummary): number => r.final.validAcc * 100;
const gap = (r: RunSummary): number => r.final.validLoss - r.final.trainLoss;
const sharpness = (r: RunSummary): number | undefined => metric(r, "sharpness");
const diffs = (p: { a: number[]; b: number[] }): number[] => p.a.map((x, i) => x - p.b[i]!);

/** The three judged comparisons as seed-paired values (a − b > 0 is the claimed direction). */
function comparisons(runs: readonly RunSummary[]) {
  return {
    speed: paired(runs, sweepId(SPEED_HIGH), sweepId(SPEED_LOW), accPoints),
    gap: paired(runs, overfitId(OVERFIT_LOW), overfitId(OVERFIT_HIGH), gap),
    sharp: paired(runs, overfitId(OVERFIT_LOW), overfitId(OVERFIT_HIGH), sharpness),
  };
}

function plan(pilot: RunSummary[]): PowerPlan[] {
  const c = comparisons(pilot);
  return [
    pairedPlan(`accuracy after ${SWEEP_STEPS} steps, max LR ${SPEED_HIGH} − ${SPEED_LOW}`, diffs(c.speed), "percentage points", speedTest),
    pairedPlan(`loss gap on 1k images, max LR ${OVERFIT_LOW} − ${OVERFIT_HIGH}`, diffs(c.gap), "nats", gapTest),
    pairedPlan(`sharpness, max LR ${OVERFIT_LOW} − ${OVERFIT_HIGH}`, diffs(c.sharp), "nats", sharpTest),
  ];
}

function decide(runs: RunSummary[]): Verdict {
  const missing = missingVariants(runs, ONE_CYCLE_VARIANTS.map((v) => v.id), 2);
  if (missing) return missing;
  const numbers: Record<string, number> = {};
  for (const lr of SWEEP_LRS) {
    const rs = runsFor(runs, sweepId(lr));
    numbers[`acc80_lr${lr}`] = mean(rs.map((r) => r.final.validAcc));
    const steps = rs.map((r) => metric(r, "stepsTo95"));
    numbers[`seedsReached95_lr${lr}`] = steps.filter((s) => s !== undefined && s >= 0).length;
  }
  const small = [...runsFor(runs, overfitId(OVERFIT_LOW)), ...runsFor(runs, overfitId(OVERFIT_HIGH))];
  const collapsed = small.filter(collapsedOf);
  if (collapsed.length > 0)
    return inconclusive(`A small-data run collapsed (${collapsed.map((r) => `${r.variantId}/seed ${r.seed}`).join(", ")}), so its loss gap means nothing.`, [], numbers);
  if (small.some((r) => sharpness(r) === undefined)) return inconclusive("Sharpness not reported for the small-data runs.", [], numbers);
  const c = comparisons(runs);
  numbers.gapLow = mean(c.gap.a);
  numbers.gapHigh = mean(c.gap.b);
  numbers.sharpnessLow = mean(c.sharp.a);
  numbers.sharpnessHigh = mean(c.sharp.b);
  const checks = [
    judgedCheck(`Faster: after ${SWEEP_STEPS} steps, max LR ${SPEED_HIGH} is more accurate than ${SPEED_LOW} (${SPEED_HIGH} − ${SPEED_LOW})`, pairedT(c.speed.a, c.speed.b), "percentage points", speedTest),
    judgedCheck(
      `Overfits less: on 1k training images, max LR ${OVERFIT_HIGH} has a smaller validation − training loss gap than ${OVERFIT_LOW} (gap at ${OVERFIT_LOW} − gap at ${OVERFIT_HIGH})`,
      pairedT(c.gap.a, c.gap.b),
      "nats",
      gapTest,
    ),
    judgedCheck(
      `Flatter: max LR ${OVERFIT_HIGH} ends where 1 % weight nudges raise the training loss less (sharpness at ${OVERFIT_LOW} − at ${OVERFIT_HIGH}; a proxy for flatness)`,
      pairedT(c.sharp.a, c.sharp.b),
      "nats",
      sharpTest,
    ),
  ];
  return verdictFrom(
    `Tested on ${c.speed.seeds.length} fresh seeds with batch norm and 1cycle: accuracy after ${SWEEP_STEPS} steps at max LR ${SPEED_HIGH} vs ${SPEED_LOW}, and overfitting and sharpness on 1k images at ${OVERFIT_HIGH} vs ${OVERFIT_LOW}. That flatness causes better generalization stays a hypothesis.`,
    checks,
    numbers,
  );
}

export const oneCycleHighLr: ExperimentDefinition = {
  id: "ch13-one-cycle-high-lr",
  version: 3,
  cardExternalId: "ch13-q8",
  claim: "With 1cycle, high learning rates train faster (super-convergence) and overfit less, landing in flatter minima.",
  kind: "trained",
  variants: ONE_CYCLE_VARIANTS,
  seeds: seedRange(801, 8),
  pilotSeeds: PILOT_SEEDS,
  maxSeeds: 8,
  plan,
  thresholds: { ...T, speedLowLr: SPEED_LOW, speedHighLr: SPEED_HIGH },
  quick: { seeds: QUICK_SEEDS, maxSteps: 16 },
  measures: [
    `validation accuracy after ${SWEEP_STEPS} steps per max LR (and steps to 95 % on a 500-image eval every 10 steps, shown, not judged)`,
    "validation − training loss gap on a 1k-image subset after 5 epochs",
    "sharpness: mean training-loss rise under 1 % random multiplicative weight nudges",
  ],
  decisionRule:
    `Three judged comparisons, seed-paired, 95 % t intervals: (a) accuracy after ${SWEEP_STEPS} steps, max LR ${SPEED_HIGH} − ${SPEED_LOW} (margin ${T.speedMargin} points); ` +
    `(b) loss gap on 1k images, ${OVERFIT_LOW} − ${OVERFIT_HIGH} (margin ${T.gapMargin} nats); (c) sharpness, ${OVERFIT_LOW} − ${OVERFIT_HIGH} (margin ${T.sharpnessMargin} nats). ` +
    "Each is supported if its interval is above 0, contradicted if below 0 or inside ±margin, otherwise not shown. Any contradicted part contradicts the claim; otherwise any unresolved part leaves it not shown. " +
    "Collapsed small-data runs or missing measurements: inconclusive. Flat minima causing generalization stays a hypothesis.",
  limits:
    "80 steps (speed) and 5 epochs on 1,000 digits (overfitting) of MNIST with batch norm, not the book's Imagenette runs. Sharpness under random 1 % nudges is a rough proxy for flatness; " +
    "the design cannot show that flatness causes the smaller gap, nor how high an LR other models tolerate.",
  revisions: [
    {
      version: 2,
      date: "2026-11-27",
      afterSeeingResults: true,
      change:
        "Ties between equally fast learning rates (median steps to 95 %, read every 10 steps) went first to more seeds reaching 95 %, then to fewer mean steps, instead of to the lower LR; the verdict was recomputed on the same runs.",
      because: "Max LR 0.01, 0.03 and 0.06 all had median 70 steps and the tie went to 0.01, which missed 95 % in one seed while 0.03 and 0.06 reached it in every seed.",
    },
    {
      version: 3,
      date: "2026-12-01",
      afterSeeingResults: true,
      change:
        `Speed is judged as the accuracy gain after ${SWEEP_STEPS} steps of max LR ${SPEED_HIGH} over ${SPEED_LOW} (no censored step counts, no tie-breaks); the gap and sharpness as paired differences; all with 95 % intervals against margins fixed in advance, ` +
        "on fresh seeds chosen by a power calculation from the earlier runs, which are now only the pilot. The comparison LRs were chosen after seeing those runs.",
      because:
        "Version 2's rule was written after seeing the runs it then judged, so its “supported” could not count as evidence; only fresh seeds may judge a revised rule.",
    },
  ],
  decide: safeDecide(decide),
  sources: [
    bookSection("1cycle Training"),
    questionnaire([31, 32]),
    fastaiFile("fastai/callback/schedule.py", "fit_one_cycle"),
    paper("1708.07120"),
    paper("1803.09820"),
    paper("1609.04836"),
  ],
};
