// Card 4 (book #26): an API fact. Learner.add_cb does setattr(self, cb.name, cb) with Callback.name =
// class2attr(self, 'Callback'): confirmed in fastai's source (pinned excerpts); our learner's live run
// shows its mirror of it.
import { SOURCE_EXCERPTS } from "../../sources/excerpts.ts";
import { API_FACT_DESIGN, QUICK_SEEDS, SIMPLE_CNN, apiFactVerdict, checkLiveFacts, fmt, runsFor, safeDecide, type LiveFact } from "../helpers.ts";
import type { ExperimentDefinition, RunSummary, VariantSpec, Verdict } from "../types.ts";
import { CARD_SOURCES } from "../../sources/book.ts";

const ID = "ch13-callback-access";

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
  { key: "attr_recorder", description: "Our learner has learner.recorder (the Recorder) after training", required: true },
  { key: "attr_activation_stats", description: "Our learner has learner.activation_stats (the ActivationStats callback) after training", required: true },
  { key: "cbs_contains_all", description: "Every callback is also in learner.cbs", required: false },
  { key: "fit_only_cb_removed", description: "A callback passed only to fit() (1cycle's scheduler) is removed when fit ends", required: false },
];

function decide(runs: RunSummary[]): Verdict {
  const run = runsFor(runs, "live-callbacks")[0];
  const mirror = run ? checkLiveFacts(run, EXPECT.map((e) => ({ ...e, ok: (v: number) => v === 1, show: (v: number) => (v === 1 ? "yes" : `no (${fmt(v)})`) }))) : undefined;
  return apiFactVerdict(
    SOURCE_EXCERPTS[ID] ?? [],
    mirror,
    "Learner.add_cb sets each callback as an attribute named Callback.name, which is the class name in snake_case without “Callback” (learn.recorder, learn.activation_stats); callbacks stay in learn.cbs, and those passed to fit() alone are removed when it ends.",
  );
}

export const callbackAccess: ExperimentDefinition = {
  id: ID,
  version: 2,
  ...API_FACT_DESIGN,
  cardExternalId: "ch13-q4",
  claim: "After training, a learner's callback is an attribute named after its class in snake_case without “Callback” (learn.recorder, learn.activation_stats), and also in learn.cbs.",
  variants: CALLBACK_ACCESS_VARIANTS,
  quick: { seeds: QUICK_SEEDS, maxSteps: 5 },
  measures: ["the fastai and fastcore source lines that name and attach callbacks (pinned)", "our learner's live run: attr_recorder, attr_activation_stats, cbs_contains_all, fit_only_cb_removed"],
  revisions: [
    {
      version: 2,
      date: "2026-12-01",
      afterSeeingResults: false,
      change: "Version 1 called our learner's attributes the evidence. Version 2 confirms the fact in the pinned fastai and fastcore source and reports our learner's mirror separately.",
      because: "Our learner doing something says nothing about fastai; the fastai source does.",
    },
  ],
  decide: safeDecide(decide),
  sources: [...CARD_SOURCES[ID]!],
};
