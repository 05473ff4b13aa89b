// Power plans from pilot runs (pure): how many confirmatory seeds each judged comparison needs.
import { zq } from "../statistics/intervals.ts";
import { MIN_SEEDS, POWER, pairsForShare, seedsForPairedT } from "../statistics/power.ts";
import type { Test } from "../statistics/judge.ts";
import { bySeed, commonSeeds } from "./helpers.ts";
import { sampleSd } from "./stats.ts";
import type { PowerPlan, RunSummary } from "./types.ts";

/** Seed-matched values of two variants (a − b pairs), skipping seeds where either value is missing. */
export function paired(
  runs: readonly RunSummary[],
  aId: string,
  bId: string,
  value: (r: RunSummary) => number | undefined,
): { seeds: number[]; a: number[]; b: number[] } {
  const ra = bySeed(runs, aId);
  const rb = bySeed(runs, bId);
  const out = { seeds: [] as number[], a: [] as number[], b: [] as number[] };
  for (const s of commonSeeds(runs, [aId, bId])) {
    const x = value(ra.get(s)!);
    const y = value(rb.get(s)!);
    if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    out.seeds.push(s);
    out.a.push(x);
    out.b.push(y);
  }
  return out;
}

/** Paired t design: seeds needed from the pilot's per-seed differences (already in the check's unit). */
export function pairedPlan(check: string, diffs: readonly number[], unit: string, test: Test): PowerPlan {
  const sd = sampleSd(diffs);
  return { check, pilotSpread: sd, pilotN: diffs.length, unit, test, seedsNeeded: seedsForPairedT(sd, test) };
}

/**
 * Win-share design: seeds needed from the pilot's win share, counting as many usable pairs per seed as the
 * pilot had (pairs where both runs collapsed are set aside, so fewer than the design's pairs may count).
 */
export function sharePlan(check: string, wins: number, usable: number, pilotSeeds: number, test: Test & { kind: "superiority" }): PowerPlan {
  const share = usable > 0 ? wins / usable : NaN;
  const pairsPerSeed = usable / pilotSeeds;
  const pairs = Number.isFinite(share) ? pairsForShare(share, test.null) : NaN;
  return { check, pilotSpread: share, pilotN: usable, unit: "share of seed-matched pairs", test, seedsNeeded: Math.ceil(pairs / pairsPerSeed) };
}

/** The confirmatory seed count: the most any judged comparison needs, at least MIN_SEEDS, at most the budget. */
export function seedCount(plans: readonly PowerPlan[], maxSeeds: number): number {
  const need = plans.map((p) => (Number.isFinite(p.seedsNeeded) ? p.seedsNeeded : maxSeeds));
  return Math.min(maxSeeds, Math.max(MIN_SEEDS, ...need));
}

/**
 * Rank-correlation design (Fisher z, variance 1.06/(n − 3)): seeds needed (runsPerSeed runs each) for a 95 %
 * interval to clear `test.null` with 80 % power when the true correlation is the pilot's.
 */
export function correlationPlan(check: string, rho: number, pilotN: number, runsPerSeed: number, test: Test & { kind: "superiority" }): PowerPlan {
  const za = zq(0.975);
  const zb = zq(POWER);
  const effect = Math.atanh(Math.min(0.99, Math.abs(rho))) - Math.atanh(test.null);
  const runs = rho > test.null && effect > 0 ? 3 + 1.06 * ((za + zb) / effect) ** 2 : Infinity;
  return { check, pilotSpread: rho, pilotN, unit: "Spearman ρ", test, seedsNeeded: Number.isFinite(runs) ? Math.ceil(runs / runsPerSeed) : 201 };
}
