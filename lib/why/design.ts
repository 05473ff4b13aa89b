// How a trained verdict's design was fixed before its confirmatory runs (pure): the pre-registration, the
// pilot runs that chose the seed count, and the power plan per judged comparison.
import type { Recording } from "@/experiments/recordings/index.ts";
import type { PowerPlan } from "@/experiments/registry/types.ts";
import { describeTest } from "@/experiments/statistics/judge.ts";
import { count, fmt, seedList, utcDateTime } from "./format.ts";

export interface Freshness {
  fresh: boolean;
  /** Confirmatory seeds that the pilot or an earlier version had already used, ascending. */
  reused: number[];
}

/** Whether the confirmatory seeds are fresh: none used by the pilot or by an earlier version's runs. */
export function freshness(seeds: readonly number[], usedBefore: readonly number[]): Freshness {
  const before = new Set(usedBefore);
  const reused = [...new Set(seeds.filter((s) => before.has(s)))].sort((a, b) => a - b);
  return { fresh: reused.length === 0, reused };
}

export interface PreregistrationView {
  version: number;
  sha256: string;
  frozenAt: string;
  seeds: string;
  /** One sentence: the seeds are fresh, or which of them were not. */
  seedsSentence: string;
  fresh: boolean;
}

export function preregistrationView(rec: Recording, earlierSeeds: readonly number[]): PreregistrationView | null {
  const p = rec.preregistration;
  if (!p) return null;
  const seeds = rec.config.seeds;
  const f = freshness(seeds, [...rec.config.pilotSeeds, ...(rec.pilot?.seeds ?? []), ...earlierSeeds]);
  return {
    version: p.version,
    sha256: p.sha256,
    frozenAt: utcDateTime(p.frozenAt),
    seeds: seedList(seeds),
    fresh: f.fresh,
    seedsSentence: f.fresh
      ? `The confirmatory seeds ${seedList(seeds)} are fresh: neither the pilot nor an earlier version used any of them.`
      : `Not all confirmatory seeds are fresh: ${seedList(f.reused)} ${f.reused.length === 1 ? "was" : "were"} already used by the pilot or an earlier version.`,
  };
}

export interface PowerRow {
  check: string;
  /** "0.42 percentage points (3 pilot values)". */
  pilotSpread: string;
  /** The margin or band, as judge.ts words it. */
  margin: string;
  seedsNeeded: string;
  seedsUsed: number;
  /** Set when the budget cannot reach the seeds this margin needs (or the pilot could not tell). */
  shortfall: string | null;
}

/** One row of the power table; `used` = confirmatory seeds, `maxSeeds` = the budget. */
export function powerRow(plan: PowerPlan, used: number, maxSeeds: number): PowerRow {
  const unit = plan.unit ? ` ${plan.unit}` : "";
  const needed = plan.seedsNeeded;
  const shortfall = !Number.isFinite(needed)
    ? plan.pilotN === 0
      ? `the pilot had no runs of this comparison, so it could not say how many seeds this margin needs; used ${used}.`
      : `the pilot could not say how many seeds this margin needs (its spread is ${fmt(plan.pilotSpread)}); used ${used}.`
    : needed > maxSeeds
      ? `the budget still does not allow resolving this margin: would need ${needed} seeds, used ${used}.`
      : null;
  return {
    check: plan.check,
    pilotSpread: plan.pilotN === 0 ? "none (no pilot runs of this comparison)" : `${fmt(plan.pilotSpread)}${unit} (${count(plan.pilotN, "pilot value")})`,
    margin: describeTest(plan.test, plan.unit),
    seedsNeeded: Number.isFinite(needed) ? String(needed) : "—",
    seedsUsed: used,
    shortfall,
  };
}

export interface PilotView {
  seeds: string;
  note: string;
  runs: number;
  power: PowerRow[];
  maxSeeds: number;
}

export function pilotView(rec: Recording): PilotView | null {
  if (!rec.pilot && rec.power.length === 0) return null;
  const used = rec.config.seeds.length;
  return {
    seeds: seedList(rec.pilot?.seeds ?? rec.config.pilotSeeds),
    note: rec.pilot?.note ?? "",
    runs: rec.pilot?.runs.length ?? 0,
    power: rec.power.map((p) => powerRow(p, used, rec.config.maxSeeds)),
    maxSeeds: rec.config.maxSeeds,
  };
}
