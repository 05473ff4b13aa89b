// Card 7 (book #30): a high LR at the start, with weights not yet suited to the task, can make training
// diverge at once; warmup avoids it. Judged on the shared warmup × annealing grid (lr-grid.ts).
import { BOOK_SOURCE, FACTS_SOURCE, FULL_SEEDS, QUICK_SEEDS, collapsedOf, fmt, inconclusive, missingVariants, runsFor, safeDecide } from "../helpers.ts";
import { mean } from "../stats.ts";
import type { ExperimentDefinition, RunSummary, Verdict, VerdictCheck } from "../types.ts";
import { CHANCE_SHARE, LR_GRID_GROUP, LR_GRID_PEAK, LR_GRID_VARIANTS, MIN_USABLE_PAIRS, WIN_SHARE, armId, collapses, factorPairs, pairWins } from "./lr-grid.ts";

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
  const missing = missingVariants(runs, GRID_ARMS, 1);
  if (missing) return missing;
  const numbers = gridNumbers(runs);
  const pairs = factorPairs(runs, "warmup");
  const { usable, wins, bothCollapsed } = pairWins(pairs);
  numbers.pairs = pairs.length;
  numbers.usablePairs = usable;
  numbers.warmupWins = wins;
  numbers.collapsesWithWarmup = collapses(runs, [armId(true, false), armId(true, true)]);
  numbers.collapsesWithoutWarmup = collapses(runs, [armId(false, false), armId(false, true)]);
  const share = usable > 0 ? wins / usable : NaN;
  const checks: VerdictCheck[] = [
    {
      description: `At least ${MIN_USABLE_PAIRS} seed-matched pairs where not both arms collapsed`,
      passed: usable >= MIN_USABLE_PAIRS,
      value: `${usable} of ${pairs.length} (${bothCollapsed} with both collapsed)`,
    },
  ];
  if (usable < MIN_USABLE_PAIRS)
    return inconclusive(
      `Too few usable pairs (${usable}): at peak LR ${LR_GRID_PEAK} both arms collapsed in ${bothCollapsed} of ${pairs.length} pairs, so warmup cannot be judged.`,
      checks,
      numbers,
    );
  checks.push({
    description: `Warmup arms do better (fewer collapses, else lower validation loss) in ≥ 5/6 of usable pairs`,
    passed: share >= WIN_SHARE - 1e-9,
    value: `${wins}/${usable} pairs; collapses ${numbers.collapsesWithWarmup} with warmup vs ${numbers.collapsesWithoutWarmup} without`,
  });
  if (share >= WIN_SHARE - 1e-9)
    return {
      verdict: "supported",
      summary: `With warmup, training at peak LR ${LR_GRID_PEAK} did better in ${wins}/${usable} seed-matched pairs (collapses: ${numbers.collapsesWithWarmup} with warmup vs ${numbers.collapsesWithoutWarmup} without), annealing held equal.`,
      numbers,
      checks,
    };
  if (share <= CHANCE_SHARE)
    return {
      verdict: "not-supported",
      summary: `Warmup did not help at peak LR ${LR_GRID_PEAK}: it won only ${wins}/${usable} seed-matched pairs (collapses ${numbers.collapsesWithWarmup} with vs ${numbers.collapsesWithoutWarmup} without).`,
      numbers,
      checks,
    };
  return inconclusive(`Warmup won ${wins}/${usable} pairs (${fmt(share * 100, 3)}%): better than chance but below the 5/6 bar.`, checks, numbers);
}

export const lrWarmup: ExperimentDefinition = {
  id: "ch13-lr-warmup",
  cardExternalId: "ch13-q7",
  claim: "Starting at a high learning rate can make training diverge at once; warming up from a low rate avoids it.",
  kind: "trained",
  variants: LR_GRID_VARIANTS,
  seeds: FULL_SEEDS,
  quick: { seeds: QUICK_SEEDS, maxSteps: 40 },
  runGroup: LR_GRID_GROUP,
  measures: ["collapses (valid loss within 0.02 of ln 10, or accuracy ≤ majority share + 2 points)", "final validation loss", "full 1cycle as a reference"],
  decisionRule:
    `Warmup vs no warmup at peak LR ${LR_GRID_PEAK} (no BN, momentum fixed), seed-matched within each annealing level (3 seeds × 2 = 6 pairs). ` +
    "A pair is won by the arm that did not collapse, or, if neither collapsed, by the lower validation loss; pairs where both collapsed are set aside. " +
    "Supported if warmup wins ≥ 5/6 of the usable pairs; not supported if ≤ 1/2; in between, or fewer than 3 usable pairs: inconclusive.",
  decide: safeDecide(decide),
  sources: [
    `${BOOK_SOURCE}, “A Simple Baseline”, “1cycle Training”; questionnaire #30`,
    "fastai/fastai fastai/callback/schedule.py (fit_one_cycle)",
    "Goyal et al. (arXiv 1706.02677)",
    "Smith (arXiv 1803.09820)",
    FACTS_SOURCE,
  ],
};
