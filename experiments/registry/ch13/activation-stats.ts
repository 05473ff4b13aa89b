// Card 3 (book #25): an API fact. What fastai's ActivationStats records is confirmed in fastai's own source
// (pinned excerpts, experiments/sources/excerpts.ts); our learner's live run shows its mirror of it.
import { SOURCE_EXCERPTS } from "../../sources/excerpts.ts";
import { API_FACT_DESIGN, QUICK_SEEDS, SIMPLE_CNN, apiFactVerdict, checkLiveFacts, fmt, runsFor, safeDecide, type LiveFact } from "../helpers.ts";
import type { ExperimentDefinition, RunSummary, VariantSpec, Verdict } from "../types.ts";
import { CARD_SOURCES } from "../../sources/book.ts";

const ID = "ch13-activation-stats";

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

// What the live run observes (its constants, e.g. the histogram range, are not read back: that could not fail).
type Expectation = Omit<LiveFact, "show"> & { expected: string };
const EXPECT: Expectation[] = [
  { key: "has_mean", description: "records the mean per layer per batch", ok: (v) => v === 1, expected: "1", required: true },
  { key: "has_std", description: "records the standard deviation per layer per batch", ok: (v) => v === 1, expected: "1", required: true },
  { key: "has_near_zero", description: "records near_zero (share of values ≤ 0.05)", ok: (v) => v === 1, expected: "1", required: true },
  { key: "hist_bins", description: "stores a 40-bin histogram per layer per batch", ok: (v) => v === 40, expected: "40", required: true },
  { key: "hooked_relu", description: "does not hook the ReLUs (stats are pre-activation conv outputs)", ok: (v) => v === 0, expected: "0", required: false },
  { key: "hooked_layers", description: "hooks every layer with parameters (5 convs without BN)", ok: (v) => v === 5, expected: "5", required: false },
  { key: "train_batches_recorded", description: "records training batches", ok: (v) => v > 0, expected: "> 0", required: false },
  { key: "valid_batches_recorded", description: "skips validation batches", ok: (v) => v === 0, expected: "0", required: false },
];

function decide(runs: RunSummary[]): Verdict {
  const run = runsFor(runs, "live-stats")[0];
  const mirror = run
    ? checkLiveFacts(run, EXPECT.map((e) => ({ ...e, description: `Our learner ${e.description}`, show: (v: number) => `${fmt(v)} (fastai: ${e.expected})` })))
    : undefined;
  return apiFactVerdict(
    SOURCE_EXCERPTS[ID] ?? [],
    mirror,
    "ActivationStats hooks the layers that have parameters, during training only, and saves for each the mean, the standard deviation, the share of values ≤ 0.05 and, with with_hist, a 40-bin histogram over [0, 10].",
  );
}

export const activationStats: ExperimentDefinition = {
  id: ID,
  version: 2,
  ...API_FACT_DESIGN,
  cardExternalId: "ch13-q3",
  claim: "ActivationStats saves, per hooked layer and training batch, the mean, the standard deviation, the share of values ≤ 0.05 and (with_hist) a 40-bin histogram over [0, 10].",
  variants: ACTIVATION_STATS_VARIANTS,
  quick: { seeds: QUICK_SEEDS, maxSteps: 10 },
  measures: ["the fastai source lines that define ActivationStats (pinned)", "our learner's live run: what its ActivationStats records (has_mean, has_std, has_near_zero, hist_bins, hooked layers, batches)"],
  revisions: [
    {
      version: 2,
      date: "2026-12-01",
      afterSeeingResults: false,
      change: "Version 1 called the live learner's checks the evidence and read some of our own constants back (the histogram range, the threshold). Version 2 confirms the fact in the pinned fastai source and reports our learner's mirror separately, observing behaviour only.",
      because: "A check that reads our constants back cannot fail, and says nothing about fastai.",
    },
  ],
  decide: safeDecide(decide),
  sources: [...CARD_SOURCES[ID]!],
};
