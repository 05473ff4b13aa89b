// Card 4 (book #26): an API fact. Learner.add_cb does setattr(self, cb.name, cb) with
// Callback.name = class2attr(self, 'Callback'); our learner must expose the same attributes live.
import { BOOK_SOURCE, FACTS_SOURCE, QUICK_SEEDS, SIMPLE_CNN, checkLiveFacts, fmt, inconclusive, runsFor, safeDecide, type LiveFact } from "../helpers.ts";
import type { ExperimentDefinition, RunSummary, VariantSpec, Verdict } from "../types.ts";

export const CALLBACK_ACCESS_VARIANTS: VariantSpec[] = [
  {
    id: "live-callbacks",
    label: "simple_cnn with Recorder and ActivationStats, a few steps",
    model: SIMPLE_CNN,
    train: { lr: 0.01, schedule: "one-cycle", bs: 64, epochs: 1, maxSteps: 10 },
    measurements: ["callback-attrs", "activation-stats"],
    measurementOptions: { activationStats: { every: 1, withHist: false } },
  },
];

type Expectation = Pick<LiveFact, "key" | "description" | "required">;
const EXPECT: Expectation[] = [
  { key: "attr_recorder", description: "learner.recorder is the Recorder after training", required: true },
  { key: "attr_activation_stats", description: "learner.activation_stats is the ActivationStats callback after training", required: true },
  { key: "cbs_contains_all", description: "every callback is also in learner.cbs", required: false },
  { key: "fit_only_cb_removed", description: "a callback passed only to fit() is removed when fit ends", required: false },
];

function decide(runs: RunSummary[]): Verdict {
  const run = runsFor(runs, "live-callbacks")[0];
  if (!run) return inconclusive("No live learner run to inspect (variant live-callbacks missing).");
  const { checks, numbers, missing } = checkLiveFacts(
    run,
    EXPECT.map((e) => ({ ...e, ok: (v: number) => v === 1, show: (v: number) => (v === 1 ? "yes" : `no (${fmt(v)})`) })),
  );
  if (missing.length > 0)
    return inconclusive(`The live run did not report ${missing.join(", ")}, so the attributes cannot be checked.`, checks, numbers);
  const ok = checks.every((c) => c.passed);
  return {
    verdict: ok ? "supported" : "not-supported",
    summary: ok
      ? "After training, our learner exposes learner.recorder and learner.activation_stats, named like fastai's Learner.add_cb (fastai/learner.py, fastai/callback/core.py)."
      : "Our learner does not expose its callbacks as fastai does: " + checks.filter((c) => !c.passed).map((c) => c.description).join("; ") + ".",
    numbers,
    checks,
  };
}

export const callbackAccess: ExperimentDefinition = {
  id: "ch13-callback-access",
  cardExternalId: "ch13-q4",
  claim: "After training, a learner's callback is an attribute named after its class in snake_case without “Callback” (learn.recorder, learn.activation_stats), and also in learn.cbs.",
  kind: "api-fact",
  variants: CALLBACK_ACCESS_VARIANTS,
  seeds: [1],
  quick: { seeds: QUICK_SEEDS, maxSteps: 5 },
  measures: ["attr_recorder, attr_activation_stats (1/0)", "cbs_contains_all, fit_only_cb_removed (checked when reported)"],
  decisionRule:
    "API fact, not an experiment: supported only if the live learner, after fit, has attributes recorder and activation_stats " +
    "(and, where reported, lists all callbacks in cbs and drops fit-only callbacks). A reported 0 is not supported; missing flags are inconclusive.",
  decide: safeDecide(decide),
  sources: [
    `${BOOK_SOURCE}, “A Simple Baseline”, “1cycle Training”; questionnaire #26`,
    "fastai/fastai fastai/learner.py (Learner.add_cb, added_cbs)",
    "fastai/fastai fastai/callback/core.py (Callback.name)",
    "fastai/fastcore fastcore/basics.py (class2attr, camel2snake)",
    FACTS_SOURCE,
  ],
};
