// Card 9 (book #33): ending at a low LR lets the weights settle instead of skipping over the minimum.
// Judged on the shared warmup × annealing grid (lr-grid.ts): final loss AND training-loss jitter.
import { bookSection, fastaiFile, paper, questionnaire } from "../../sources/book.ts";
import { clopperPearson } from "../../statistics/intervals.ts";
import { PILOT_SEEDS, QUICK_SEEDS, collapsedOf, fmt, inconclusive, judgedCheck, metric, missingVariants, safeDecide, verdictFrom } from "../helpers.ts";
import { mean } from "../stats.ts";
import type { ExperimentDefinition, RunSummary, Verdict } from "../types.ts";
import { LR_GRID_GROUP, LR_GRID_PEAK, LR_GRID_SEEDS, LR_GRID_VARIANTS, MIN_USABLE_PAIRS, PAIRS_PER_SEED, SHARE_TEST, armId, factorPairs, gridPlan, jitterPairs, pairWins } from "./lr-grid.ts";
import { gridNumbers } from "./lr-warmup.ts";

const GRID_ARMS = [armId(false, false), armId(true, false), armId(false, true), armId(true, true)];

function decide(runs: RunSummary[]): Verdict {
  const missing = missingVariants(runs, GRID_ARMS, 2);
  if (missing) return missing;
  const numbers = gridNumbers(runs);
  const pairs = factorPairs(runs, "anneal");
  const loss = pairWins(pairs);
  const jit = jitterPairs(pairs);
  const jitterWins = jit.filter((p) => p.t < p.c).length;
  numbers.pairs = pairs.length;
  numbers.lossUsablePairs = loss.usable;
  numbers.annealLossWins = loss.wins;
  numbers.jitterPairs = jit.length;
  numbers.annealJitterWins = jitterWins;
  if (jit.length > 0) {
    numbers.jitterAnnealed = mean(jit.map((p) => p.t));
    numbers.jitterFlat = mean(jit.map((p) => p.c));
  }
  if (loss.usable < MIN_USABLE_PAIRS || jit.length < MIN_USABLE_PAIRS)
    return inconclusive(
      `Too few usable seed-matched pairs at peak LR ${LR_GRID_PEAK} (loss ${loss.usable}, jitter ${jit.length}; need ${MIN_USABLE_PAIRS}): too many runs collapsed or jitter was not reported.`,
      [],
      numbers,
    );
  const checks = [
    judgedCheck("Annealed arms end with lower validation loss than flat ones (no collapse beats a collapse): share of seed-matched pairs won", clopperPearson(loss.wins, loss.usable), "share of seed-matched pairs", SHARE_TEST, {
      nLabel: "pairs",
      extra: `${loss.wins}/${loss.usable} won`,
    }),
    judgedCheck(
      "Annealed arms have less training-loss jitter over the last 20 % of steps: share of pairs (neither run collapsed)",
      clopperPearson(jitterWins, jit.length),
      "share of seed-matched pairs",
      SHARE_TEST,
      { nLabel: "pairs", extra: `${jitterWins}/${jit.length} won; mean jitter ${fmt(numbers.jitterAnnealed ?? NaN, 3)} annealed vs ${fmt(numbers.jitterFlat ?? NaN, 3)} flat` },
    ),
  ];
  return verdictFrom(
    `Tested on ${pairs.length / PAIRS_PER_SEED} fresh seeds at peak LR ${LR_GRID_PEAK} without batch norm: annealing to a low LR against staying at the peak, warmup held equal.`,
    checks,
    numbers,
  );
}

export const lrAnnealing: ExperimentDefinition = {
  id: "ch13-lr-annealing",
  version: 2,
  cardExternalId: "ch13-q9",
  claim: "Ending training at a low learning rate lets the weights settle into the minimum instead of skipping over it.",
  kind: "trained",
  variants: LR_GRID_VARIANTS,
  seeds: LR_GRID_SEEDS,
  pilotSeeds: PILOT_SEEDS,
  maxSeeds: 8,
  plan: gridPlan,
  thresholds: { shareNull: SHARE_TEST.null, shareMargin: SHARE_TEST.margin, minUsablePairs: MIN_USABLE_PAIRS },
  quick: { seeds: QUICK_SEEDS, maxSteps: 40 },
  runGroup: LR_GRID_GROUP,
  measures: ["final validation loss", "jitterLast20pct: sample sd of the per-step training loss over the last 20% of steps", "collapses", "full 1cycle as a reference"],
  decisionRule:
    `Annealing vs no annealing at peak LR ${LR_GRID_PEAK} (no BN, momentum fixed), seed-matched within each warmup level (2 pairs per seed). Two judged shares with exact (Clopper–Pearson) 95 % intervals: ` +
    "pairs won on final validation loss (a non-collapsed run beats a collapsed one; both collapsed: set aside) and pairs with less jitter (neither collapsed). " +
    `Each is supported if its interval is above ${SHARE_TEST.null}, contradicted if below it or inside ${SHARE_TEST.null} ± ${SHARE_TEST.margin}, otherwise not shown. ` +
    `Any contradicted part contradicts the claim; otherwise any unresolved part leaves it not shown. Fewer than ${MIN_USABLE_PAIRS} usable pairs for either: inconclusive.`,
  limits:
    "One epoch on 8,000 MNIST digits, no batch norm, one peak LR (0.06), cosine annealing over the last 75 % of steps. Lower final loss and less jitter are what “settling” predicts; " +
    "the runs do not look at the loss surface itself, so “skipping over the minimum” stays the book's picture.",
  revisions: [
    {
      version: 2,
      date: "2026-12-01",
      afterSeeingResults: true,
      change: "Version 1 counted wins against fixed bars (≥ 5/6 supported, ≤ 1/2 not supported). Version 2 judges both win shares with exact 95 % intervals on fresh seeds chosen by a power calculation.",
      because: "The whole answer key moved to pre-registered intervals that separate “contradicted” from “not shown”.",
    },
  ],
  decide: safeDecide(decide),
  sources: [bookSection("1cycle Training"), questionnaire(33), fastaiFile("fastai/callback/schedule.py", "fit_one_cycle"), paper("1803.09820")],
};
