// Card 3 (book #25): an API fact. No experiment proves what fastai's ActivationStats records; the
// evidence is the source (fastai/callback/hook.py) plus our learner recording the same quantities live.
import { BOOK_SOURCE, FACTS_SOURCE, QUICK_SEEDS, SIMPLE_CNN, checkLiveFacts, fmt, inconclusive, runsFor, safeDecide, type LiveFact } from "../helpers.ts";
import type { ExperimentDefinition, RunSummary, VariantSpec, Verdict } from "../types.ts";

export const ACTIVATION_STATS_VARIANTS: VariantSpec[] = [
  {
    id: "live-stats",
    label: "simple_cnn, constant LR 0.06, ActivationStats(with_hist=True)",
    model: SIMPLE_CNN,
    train: { lr: 0.06, schedule: "constant", bs: 64, epochs: 1, maxSteps: 30 },
    measurements: ["activation-stats"],
    measurementOptions: { activationStats: { every: 1, withHist: true } },
  },
];

type Expectation = Omit<LiveFact, "show"> & { expected: string };
const EXPECT: Expectation[] = [
  { key: "has_mean", description: "records the mean per layer per batch", ok: (v) => v === 1, expected: "1", required: true },
  { key: "has_std", description: "records the standard deviation per layer per batch", ok: (v) => v === 1, expected: "1", required: true },
  { key: "has_near_zero", description: "records near_zero (share of values ≤ 0.05)", ok: (v) => v === 1, expected: "1", required: true },
  { key: "hist_bins", description: "histogram has 40 bins (histc(40, 0, 10))", ok: (v) => v === 40, expected: "40", required: true },
  { key: "hist_min", description: "histogram range starts at 0", ok: (v) => v === 0, expected: "0", required: true },
  { key: "hist_max", description: "histogram range ends at 10", ok: (v) => v === 10, expected: "10", required: true },
  { key: "near_zero_threshold", description: "near-zero threshold is 0.05", ok: (v) => Math.abs(v - 0.05) < 1e-6, expected: "0.05", required: false },
  { key: "hooked_relu", description: "ReLUs are not hooked (stats are pre-activation conv outputs)", ok: (v) => v === 0, expected: "0", required: false },
  { key: "hooked_layers", description: "every layer with parameters is hooked (5 convs without BN)", ok: (v) => v === 5, expected: "5", required: false },
  { key: "train_batches_recorded", description: "stats are recorded on training batches", ok: (v) => v > 0, expected: "> 0", required: false },
  { key: "valid_batches_recorded", description: "validation batches are skipped", ok: (v) => v === 0, expected: "0", required: false },
];

function decide(runs: RunSummary[]): Verdict {
  const run = runsFor(runs, "live-stats")[0];
  if (!run) return inconclusive("No live learner run to inspect (variant live-stats missing).");
  const { checks, numbers, missing } = checkLiveFacts(
    run,
    EXPECT.map((e) => ({ ...e, description: `Our learner ${e.description}`, show: (v: number) => `${fmt(v)} (expected ${e.expected})` })),
  );
  if (missing.length > 0)
    return inconclusive(`The live run did not report ${missing.join(", ")}, so the API cannot be checked.`, checks, numbers);
  const ok = checks.every((c) => c.passed);
  return {
    verdict: ok ? "supported" : "not-supported",
    summary: ok
      ? "Our learner records mean, std, near_zero (≤ 0.05) and a 40-bin histogram over [0, 10] per layer, as fastai's ActivationStats does (fastai/callback/hook.py)."
      : "Our learner's stats differ from fastai's ActivationStats: " + checks.filter((c) => !c.passed).map((c) => `${c.description} (${c.value})`).join("; ") + ".",
    numbers,
    checks,
  };
}

export const activationStats: ExperimentDefinition = {
  id: "ch13-activation-stats",
  cardExternalId: "ch13-q3",
  claim: "ActivationStats saves, per hooked layer and training batch, the mean, the standard deviation, the share of values ≤ 0.05 and (with_hist) a 40-bin histogram over [0, 10].",
  kind: "api-fact",
  variants: ACTIVATION_STATS_VARIANTS,
  seeds: [1],
  quick: { seeds: QUICK_SEEDS, maxSteps: 10 },
  measures: [
    "has_mean, has_std, has_near_zero (1/0)",
    "hist_bins, hist_min, hist_max",
    "near_zero_threshold, hooked_relu, hooked_layers, train_batches_recorded, valid_batches_recorded (checked when reported)",
  ],
  decisionRule:
    "API fact, not an experiment: supported only if the live learner reports mean, std and near_zero per layer and a histogram of 40 bins over [0, 10] " +
    "(and, where reported, threshold 0.05, no ReLU hooks, training batches only). A reported mismatch is not supported; missing quantities are inconclusive.",
  decide: safeDecide(decide),
  sources: [
    `${BOOK_SOURCE}, “A Simple Baseline”; questionnaire #25`,
    "fastai/fastai fastai/callback/hook.py (HookCallback, ActivationStats)",
    FACTS_SOURCE,
  ],
};
