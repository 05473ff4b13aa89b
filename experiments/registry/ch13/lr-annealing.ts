// Card 9 (book #33): ending at a low LR lets training settle into the minimum instead of jumping over it.
// Judged on the shared warmup × annealing grid (lr-grid.ts): final loss AND training-loss jitter.
import { BOOK_SOURCE, FACTS_SOURCE, FULL_SEEDS, QUICK_SEEDS, collapsedOf, fmt, inconclusive, metric, missingVariants, safeDecide } from "../helpers.ts";
import { mean } from "../stats.ts";
import type { ExperimentDefinition, RunSummary, Verdict, VerdictCheck } from "../types.ts";
import { CHANCE_SHARE, LR_GRID_GROUP, LR_GRID_PEAK, LR_GRID_VARIANTS, MIN_USABLE_PAIRS, WIN_SHARE, armId, factorPairs, pairWins } from "./lr-grid.ts";
import { gridNumbers } from "./lr-warmup.ts";

const GRID_ARMS = [armId(false, false), armId(true, false), armId(false, true), armId(true, true)];

function decide(runs: RunSummary[]): Verdict {
  const missing = missingVariants(runs, GRID_ARMS, 1);
  if (missing) return missing;
  const numbers = gridNumbers(runs);
  const pairs = factorPairs(runs, "anneal");
  const loss = pairWins(pairs);
  // jitter only where neither run collapsed (a collapsed run's flat loss says nothing about settling)
  const jitterPairs = pairs
    .filter((p) => !collapsedOf(p.treated) && !collapsedOf(p.control))
    .map((p) => ({ t: metric(p.treated, "jitterLast20pct"), c: metric(p.control, "jitterLast20pct") }))
    .filter((p): p is { t: number; c: number } => p.t !== undefined && p.c !== undefined);
  const jitterWins = jitterPairs.filter((p) => p.t < p.c).length;
  numbers.pairs = pairs.length;
  numbers.lossUsablePairs = loss.usable;
  numbers.annealLossWins = loss.wins;
  numbers.jitterPairs = jitterPairs.length;
  numbers.annealJitterWins = jitterWins;
  if (jitterPairs.length > 0) {
    numbers.jitterAnnealed = mean(jitterPairs.map((p) => p.t));
    numbers.jitterFlat = mean(jitterPairs.map((p) => p.c));
  }
  const checks: VerdictCheck[] = [
    {
      description: `At least ${MIN_USABLE_PAIRS} usable pairs for loss and for jitter (jitter: neither run collapsed, jitterLast20pct reported)`,
      passed: loss.usable >= MIN_USABLE_PAIRS && jitterPairs.length >= MIN_USABLE_PAIRS,
      value: `loss ${loss.usable}/${pairs.length}, jitter ${jitterPairs.length}/${pairs.length}`,
    },
  ];
  if (loss.usable < MIN_USABLE_PAIRS || jitterPairs.length < MIN_USABLE_PAIRS)
    return inconclusive(
      `Too few usable seed-matched pairs at peak LR ${LR_GRID_PEAK} (loss ${loss.usable}, jitter ${jitterPairs.length}; need ${MIN_USABLE_PAIRS}): too many runs collapsed or jitter was not reported.`,
      checks,
      numbers,
    );
  const lossShare = loss.wins / loss.usable;
  const jitterShare = jitterWins / jitterPairs.length;
  checks.push(
    {
      description: "Annealed arms end with lower validation loss (or no collapse) in ≥ 5/6 of usable pairs",
      passed: lossShare >= WIN_SHARE - 1e-9,
      value: `${loss.wins}/${loss.usable} pairs`,
    },
    {
      description: "Annealed arms have less training-loss jitter over the last 20% of steps in ≥ 5/6 of pairs",
      passed: jitterShare >= WIN_SHARE - 1e-9,
      value: `${jitterWins}/${jitterPairs.length} pairs; mean jitter ${fmt(numbers.jitterAnnealed ?? NaN, 3)} vs ${fmt(numbers.jitterFlat ?? NaN, 3)}`,
    },
  );
  if (lossShare >= WIN_SHARE - 1e-9 && jitterShare >= WIN_SHARE - 1e-9)
    return {
      verdict: "supported",
      summary: `Annealing to a low LR gave lower final loss in ${loss.wins}/${loss.usable} pairs and steadier training loss in ${jitterWins}/${jitterPairs.length}, warmup held equal.`,
      numbers,
      checks,
    };
  if (lossShare <= CHANCE_SHARE || jitterShare <= CHANCE_SHARE)
    return {
      verdict: "not-supported",
      summary: `Annealing did not clearly help at peak LR ${LR_GRID_PEAK}: lower loss in ${loss.wins}/${loss.usable} pairs, less jitter in ${jitterWins}/${jitterPairs.length}.`,
      numbers,
      checks,
    };
  return inconclusive(`Annealing helped in most pairs (loss ${loss.wins}/${loss.usable}, jitter ${jitterWins}/${jitterPairs.length}) but not in ≥ 5/6 on both counts.`, checks, numbers);
}

export const lrAnnealing: ExperimentDefinition = {
  id: "ch13-lr-annealing",
  cardExternalId: "ch13-q9",
  claim: "Ending training at a low learning rate lets the weights settle into the minimum instead of skipping over it.",
  kind: "trained",
  variants: LR_GRID_VARIANTS,
  seeds: FULL_SEEDS,
  quick: { seeds: QUICK_SEEDS, maxSteps: 40 },
  runGroup: LR_GRID_GROUP,
  measures: ["final validation loss", "jitterLast20pct: sample sd of the per-step training loss over the last 20% of steps", "collapses", "full 1cycle as a reference"],
  decisionRule:
    `Annealing vs no annealing at peak LR ${LR_GRID_PEAK} (no BN, momentum fixed), seed-matched within each warmup level (6 pairs). ` +
    "Supported if annealed arms win ≥ 5/6 of usable pairs on final validation loss (a non-collapsed run beats a collapsed one) AND have less " +
    "training-loss jitter over the last 20% of steps in ≥ 5/6 of the pairs where neither collapsed. Not supported if either share is ≤ 1/2; " +
    "in between, or fewer than 3 usable pairs for either measure: inconclusive.",
  decide: safeDecide(decide),
  sources: [`${BOOK_SOURCE}, “1cycle Training”; questionnaire #33`, "fastai/fastai fastai/callback/schedule.py (fit_one_cycle)", "Smith (arXiv 1803.09820)", FACTS_SOURCE],
};
