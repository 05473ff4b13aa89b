// The warmup × annealing grid shared by card 7 (warmup) and card 9 (annealing), plus the full 1cycle.
// The book's constant-vs-1cycle comparison changes warmup, annealing and momentum at once; this grid
// switches warmup and annealing separately at one peak LR, momentum fixed (β1 0.9).
import { SIMPLE_CNN, betterRun, bySeed, collapsedOf, commonSeeds } from "../helpers.ts";
import type { RunSummary, VariantSpec } from "../types.ts";

export const LR_GRID_GROUP = "ch13-lr-grid";
export const LR_GRID_PEAK = 0.06;

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

/** Share thresholds: ≥ 5/6 of usable pairs is a clear win; ≤ 1/2 is no better than chance. */
export const WIN_SHARE = 5 / 6;
export const CHANCE_SHARE = 1 / 2;
export const MIN_USABLE_PAIRS = 3;
