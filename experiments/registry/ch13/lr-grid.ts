// The warmup × annealing grid shared by card 7 (warmup) and card 9 (annealing), plus the full 1cycle.
// The book's constant-vs-1cycle comparison changes warmup, annealing and momentum at once; this grid
// switches warmup and annealing separately at one peak LR, momentum fixed (β1 0.9).
import { SIMPLE_CNN, betterRun, bySeed, collapsedOf, commonSeeds, metric } from "../helpers.ts";
import { sharePlan } from "../plan.ts";
import type { PowerPlan, RunSummary, VariantSpec } from "../types.ts";

export const LR_GRID_GROUP = "ch13-lr-grid";
export const LR_GRID_PEAK = 0.06;
/** Confirmatory seeds of the grid (cards 7 and 9 judge the same runs). */
export const LR_GRID_SEEDS = [701, 702, 703, 704, 705, 706, 707];

const arm = (warmup: boolean, anneal: boolean): VariantSpec => ({
  id: `${warmup ? "warmup" : "nowarmup"}-${anneal ? "anneal" : "noanneal"}`,
  label: `${warmup ? "warmup" : "no warmup"}, ${anneal ? "annealing" : "no annealing"} (peak ${LR_GRID_PEAK}, momentum fixed)`,
  model: SIMPLE_CNN,
  train: { lr: LR_GRID_PEAK, schedule: { warmup, anneal }, bs: 64, epochs: 1 },
  measurements: ["jitter"],
});

export const LR_GRID_VARIANTS: VariantSpec[] = [
  arm(false, false),
  arm(true, false),
  arm(false, true),
  arm(true, true),
  {
    id: "one-cycle",
    label: `full 1cycle ${LR_GRID_PEAK} (momentum 0.95→0.85→0.95)`,
    model: SIMPLE_CNN,
    train: { lr: LR_GRID_PEAK, schedule: "one-cycle", bs: 64, epochs: 1 },
    measurements: ["jitter"],
  },
];

export const armId = (warmup: boolean, anneal: boolean): string => `${warmup ? "warmup" : "nowarmup"}-${anneal ? "anneal" : "noanneal"}`;

export interface ArmPair {
  seed: number;
  /** the other factor's level, e.g. "anneal" when comparing warmup vs no warmup */
  stratum: string;
  treated: RunSummary;
  control: RunSummary;
}

/** Seed-matched pairs (treated vs control) for one factor, within each level of the other factor. */
export function factorPairs(runs: readonly RunSummary[], factor: "warmup" | "anneal"): ArmPair[] {
  const pairs: ArmPair[] = [];
  for (const other of [false, true]) {
    const t = factor === "warmup" ? armId(true, other) : armId(other, true);
    const c = factor === "warmup" ? armId(false, other) : armId(other, false);
    const tr = bySeed(runs, t);
    const cr = bySeed(runs, c);
    for (const seed of commonSeeds(runs, [t, c]))
      pairs.push({ seed, stratum: factor === "warmup" ? (other ? "anneal" : "noanneal") : other ? "warmup" : "nowarmup", treated: tr.get(seed)!, control: cr.get(seed)! });
  }
  return pairs;
}

/** Wins of the treated arm on (collapse, then validation loss); pairs where both collapsed are not usable. */
export function pairWins(pairs: readonly ArmPair[]): { usable: number; wins: number; bothCollapsed: number } {
  let usable = 0;
  let wins = 0;
  for (const p of pairs) {
    const w = betterRun(p.treated, p.control);
    if (w === null) continue;
    usable++;
    if (w) wins++;
  }
  return { usable, wins, bothCollapsed: pairs.length - usable };
}

export const collapses = (runs: readonly RunSummary[], ids: readonly string[]): number =>
  runs.filter((r) => ids.includes(r.variantId) && collapsedOf(r)).length;

/** Thresholds of the win-share rules (cards 7 and 9): chance is 1/2; ±0.15 around it counts as no effect. */
export const SHARE_TEST = { kind: "superiority", null: 0.5, margin: 0.15 } as const;
export const PAIRS_PER_SEED = 2;
export const MIN_USABLE_PAIRS = 3;

/** Jitter pairs where neither run collapsed (a collapsed run's flat loss says nothing about settling). */
export function jitterPairs(pairs: readonly ArmPair[]) {
  return pairs
    .filter((p) => !collapsedOf(p.treated) && !collapsedOf(p.control))
    .map((p) => ({ t: metric(p.treated, "jitterLast20pct"), c: metric(p.control, "jitterLast20pct") }))
    .filter((p): p is { t: number; c: number } => p.t !== undefined && p.c !== undefined);
}

/**
 * The grid's power plan, shared by cards 7 and 9 (one set of runs judges both): every judged win share,
 * so that the seed count serves both cards.
 */
export function gridPlan(pilot: RunSummary[]): PowerPlan[] {
  const seeds = new Set(pilot.map((r) => r.seed)).size;
  const warm = pairWins(factorPairs(pilot, "warmup"));
  const annPairs = factorPairs(pilot, "anneal");
  const ann = pairWins(annPairs);
  const jit = jitterPairs(annPairs);
  return [
    sharePlan("card 7: warmup wins", warm.wins, warm.usable, seeds, SHARE_TEST),
    sharePlan("card 9: annealing wins on validation loss", ann.wins, ann.usable, seeds, SHARE_TEST),
    sharePlan("card 9: annealing has less jitter", jit.filter((p) => p.t < p.c).length, jit.length, seeds, SHARE_TEST),
  ];
}
