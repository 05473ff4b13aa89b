// From an interval to an outcome (pure). The test and its margin are fixed in the definition before any
// confirmatory run; the outcome separates evidence against a claim from the mere absence of evidence.
import type { Interval } from "./intervals.ts";

/**
 * Outcome of one check or a whole verdict:
 * - supported: the interval lies where the claim says;
 * - contradicted: the interval lies on the other side, or (for a claimed difference) inside the
 *   equivalence band ±margin, i.e. equivalence is shown where the claim predicts a difference;
 * - not-shown: the interval still includes both what the claim predicts and no effect (too little power);
 * - inconclusive: no estimate could be made (runs missing, collapsed, or not reported).
 */
export type Outcome = "supported" | "contradicted" | "not-shown" | "inconclusive";

/**
 * What a check claims about an effect (in its unit, larger = the claimed direction):
 * - superiority: effect > null; `margin` is the smallest effect that matters (power is planned for it, and
 *   an interval inside null ± margin shows equivalence, which contradicts a claimed difference);
 * - non-inferiority: effect > null − margin;
 * - equivalence: lower ≤ effect ≤ upper.
 */
export type Test =
  | { kind: "superiority"; null: number; margin: number }
  | { kind: "non-inferiority"; null: number; margin: number }
  | { kind: "equivalence"; lower: number; upper: number };

export function judge(iv: Pick<Interval, "lo" | "hi">, test: Test): Outcome {
  const { lo, hi } = iv;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return "inconclusive";
  switch (test.kind) {
    case "superiority":
      if (lo > test.null) return "supported";
      if (hi < test.null) return "contradicted";
      if (lo >= test.null - test.margin && hi <= test.null + test.margin) return "contradicted";
      return "not-shown";
    case "non-inferiority":
      if (lo > test.null - test.margin) return "supported";
      if (hi < test.null - test.margin) return "contradicted";
      return "not-shown";
    case "equivalence":
      if (lo >= test.lower && hi <= test.upper) return "supported";
      if (hi < test.lower || lo > test.upper) return "contradicted";
      return "not-shown";
  }
}

/**
 * A claim made of several parts holds only if every part does: any contradicted part contradicts it;
 * otherwise any part without an estimate makes it inconclusive; otherwise any unresolved part leaves it
 * not shown. No parts: inconclusive.
 */
export function combine(outcomes: readonly Outcome[]): Outcome {
  if (outcomes.length === 0) return "inconclusive";
  if (outcomes.includes("contradicted")) return "contradicted";
  if (outcomes.includes("inconclusive")) return "inconclusive";
  if (outcomes.includes("not-shown")) return "not-shown";
  return "supported";
}

/** The test in words, e.g. "claimed > 0 (smallest effect that matters: 0.5)". */
export function describeTest(test: Test, unit: string): string {
  const u = unit ? ` ${unit}` : "";
  switch (test.kind) {
    case "superiority":
      return `claimed above ${test.null}${u}; ±${test.margin}${u} around ${test.null} counts as no effect`;
    case "non-inferiority":
      return `claimed no worse than ${test.null - test.margin}${u} (margin ${test.margin}${u})`;
    case "equivalence":
      return `claimed between ${test.lower} and ${test.upper}${u}`;
  }
}
