// Card 7 (book #30): a high LR at the start, with weights not yet suited to the task, can make training
// diverge at once; warmup avoids it. Judged on the shared warmup × annealing grid (lr-grid.ts).
import { bookSection, fastaiFile, paper, questionnaire } from "../../sources/book.ts";
import { clopperPearson } from "../../statistics/intervals.ts";
import { PILOT_SEEDS, QUICK_SEEDS, collapsedOf, inconclusive, judgedCheck, missingVariants, runsFor, safeDecide, seedRange, verdictFrom } from "../helpers.ts";
import { mean } from "../stats.ts";
import type { ExperimentDefinition, RunSummary, Verdict } from "../types.ts";
import { LR_GRID_GROUP, LR_GRID_PEAK, LR_GRID_SEEDS, LR_GRID_VARIANTS, MIN_USABLE_PAIRS, PAIRS_PER_SEED, SHARE_TEST, armId, collapses, factorPairs, gridPlan, pairWins } from "./lr-grid.ts";

const GRID_ARMS = [armId(false, false), armId(true, false), armId(false, true), armId(true, true)];

/** Arm means, collapse counts and the 1cycle reference, shared by cards 7 and 9. */
export function gridNumbers(runs: readonly RunSummary[]): Record<string, number> {
  const numbers: Record<string, number> = {};
  for (const id of [...GRID_ARMS, "one-cycle"]) {
    const rs = runsFor(runs, id);
    if (rs.length === 0) continue;
    numbers[`validLoss_${id}`] = mean(rs.map((r) => r.final.validLoss));
    numbers[`collapsed_${id}`] = rs.filter(collapsedOf).length;
  }
  return numbers;
}

function decide(runs: RunSummary[]): Verdict {
  const missing = missingVariants(runs, GRID_ARMS, 2);
  if (missing) return missing;
  const numbers = gridNumbers(runs);
  const pairs = factorPairs(runs, "warmup");
  const { usable, wins, bothCollapsed } = pairWins(pairs);
  numbers.pairs = pairs.length;
  numbers.usablePairs = usable;
  numbers.warmupWins = wins;
  numbers.collapsesWithWarmup = collapses(runs, [armId(true, false), armId(true, true)]);
  numbers.collapsesWithoutWarmup = collapses(runs, [armId(false, false), armId(false, true)]);
  if (usable < MIN_USABLE_PAIRS)
    return inconclusive(`Too few usable pairs (${usable}): at peak LR ${LR_GRID_PEAK} both arms collapsed in ${bothCollapsed} of ${pairs.length} pairs, so warmup cannot be judged.`, [], numbers);
  const checks = [
    judgedCheck(
      "Warmup arms do better than the same schedule without warmup (no collapse beats a collapse, else lower validation loss): share of seed-matched pairs won",
      clopperPearson(wins, usable),
      "share of seed-matched pairs",
      SHARE_TEST,
      { nLabel: "pairs", extra: `${wins}/${usable} won; collapses ${numbers.collapsesWithWarmup} with warmup vs ${numbers.collapsesWithoutWarmup} without; ${bothCollapsed} pair(s) with both collapsed set aside` },
    ),
  ];
  return verdictFrom(
    `Tested on ${pairs.length / PAIRS_PER_SEED} fresh seeds at peak LR ${LR_GRID_PEAK} without batch norm: warmup against no warmup, annealing held equal.`,
    checks,
    numbers,
  );
}

export const lrWarmup: ExperimentDefinition = {
  id: "ch13-lr-warmup",
  version: 2,
  cardExternalId: "ch13-q7",
  claim: "Starting at a high learning rate can make training diverge at once; warming up from a low rate avoids it.",
  kind: "trained",
  variants: LR_GRID_VARIANTS,
  seeds: LR_GRID_SEEDS,
  pilotSeeds: PILOT_SEEDS,
  maxSeeds: 8,
  plan: gridPlan,
  thresholds: { shareNull: SHARE_TEST.null, shareMargin: SHARE_TEST.margin, minUsablePairs: MIN_USABLE_PAIRS },
  quick: { seeds: QUICK_SEEDS, maxSteps: 40 },
  runGroup: LR_GRID_GROUP,
  measures: ["collapses (valid loss within 0.02 of ln 10, or accuracy ≤ majority share + 2 points)", "final validation loss", "full 1cycle as a reference"],
  decisionRule:
    `Warmup vs no warmup at peak LR ${LR_GRID_PEAK} (no BN, momentum fixed), seed-matched within each annealing level (2 pairs per seed). ` +
    "A pair is won by the arm that did not collapse, or, if neither collapsed, by the lower validation loss; pairs where both collapsed are set aside. " +
    `Judged on the share of usable pairs won, with an exact (Clopper–Pearson) 95 % interval: supported if above ${SHARE_TEST.null}, contradicted if below it or inside ${SHARE_TEST.null} ± ${SHARE_TEST.margin}, otherwise not shown. ` +
    `Fewer than ${MIN_USABLE_PAIRS} usable pairs: inconclusive.`,
  limits:
    "One epoch on 8,000 MNIST digits, no batch norm, one peak LR (0.06), warmup over the first 25 % of steps. It shows whether warmup avoids early collapse in this net at this LR; " +
    "it cannot say how much warmup a larger model or batch needs, and a collapse here is an accuracy at chance, not a numeric overflow.",
  revisions: [
    {
      version: 2,
      date: "2026-12-01",
      afterSeeingResults: true,
      change: "Version 1 counted wins against fixed bars (≥ 5/6 supported, ≤ 1/2 not supported). Version 2 judges the win share with an exact 95 % interval on fresh seeds chosen by a power calculation.",
      because: "The whole answer key moved to pre-registered intervals that separate “contradicted” from “not shown”.",
    },
  ],
  decide: safeDecide(decide),
  sources: [
    bookSection("1cycle Training"),
    questionnaire(30),
    fastaiFile("fastai/callback/schedule.py", "fit_one_cycle"),
    paper("1706.02677"),
    paper("1803.09820"),
  ],
};
