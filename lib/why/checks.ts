// The checks table of the why view (pure): each check's role, outcome in words, estimate with its 95 %
// interval, how the interval was computed, and what it was judged against.
import type { CheckEstimate, Outcome, VerdictCheck } from "@/experiments/registry/types.ts";
import { describeTest } from "@/experiments/statistics/judge.ts";
import { VERDICT_LABEL } from "@/experiments/registry/vocabulary.ts";
import { count, fixed, int, intervalDecimals } from "./format.ts";
import { intervalPicture, type IntervalPicture } from "./interval-picture.ts";

export const ROLE_LABEL: Record<VerdictCheck["role"], string> = {
  judged: "judged",
  fact: "computed fact",
  observation: "observation",
};

/** An observation's outcome is not a judgement: it never counts in the verdict. */
export const NOT_JUDGED = "Reported, not judged";

export interface EstimateView {
  /** The estimate and its interval share decimals (see intervalDecimals). */
  estimate: string;
  /** "[0.45, 2.0]", or "no interval" when the method could not give one (too few values). */
  interval: string;
  unit: string;
  /** "paired t, 8 seeds". */
  method: string;
  /** The margin or band it was judged against, in words; null for observations. */
  test: string | null;
  picture: IntervalPicture | null;
}

export interface CheckRow {
  description: string;
  role: VerdictCheck["role"];
  roleLabel: string;
  /** Observations have no outcome that counts: their outcomeLabel says so. */
  judged: boolean;
  outcome: Outcome;
  outcomeLabel: string;
  /** The check's numbers in words, as the rule wrote them (per-seed values and the like). */
  value: string;
  estimate: EstimateView | null;
}

/** t intervals in the rules are over seeds (a paired t's n is its seed pairs, one per seed). */
const PER_SEED = new Set(["paired t", "one-sample t"]);

/**
 * "paired t, 8 seeds". What n counts comes from the estimate's nLabel when it has one ("pairs", "runs");
 * else t intervals count seeds and any other method reads "n = 12" rather than a guessed noun.
 */
export function methodText(e: Pick<CheckEstimate, "method" | "n"> & { nLabel?: string }): string {
  if (e.nLabel) return `${e.method}, ${int(e.n)} ${e.nLabel}`;
  return PER_SEED.has(e.method) ? `${e.method}, ${count(e.n, "seed")}` : `${e.method}, n = ${e.n}`;
}

export function estimateView(e: CheckEstimate): EstimateView {
  const hasInterval = Number.isFinite(e.lo) && Number.isFinite(e.hi);
  const d = hasInterval ? intervalDecimals(e.lo, e.hi) : intervalDecimals(e.estimate, e.estimate);
  return {
    estimate: fixed(e.estimate, d),
    interval: hasInterval ? `[${fixed(e.lo, d)}, ${fixed(e.hi, d)}]` : "no interval",
    unit: e.unit,
    method: methodText(e),
    test: e.test ? describeTest(e.test, e.unit) : null,
    picture: intervalPicture(e),
  };
}

export function checkRow(c: VerdictCheck): CheckRow {
  const judged = c.role !== "observation";
  return {
    description: c.description,
    role: c.role,
    roleLabel: ROLE_LABEL[c.role],
    judged,
    outcome: c.outcome,
    outcomeLabel: judged ? VERDICT_LABEL[c.outcome] : NOT_JUDGED,
    value: c.value,
    estimate: c.estimate ? estimateView(c.estimate) : null,
  };
}
