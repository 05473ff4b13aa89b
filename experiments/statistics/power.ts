// Seed counts from pilot runs (pure): the smallest number of seeds whose 95 % interval can resolve the
// margin fixed in the definition, with 80 % power, given the spread the pilot runs showed.
import { LEVEL, tq, clopperPearson } from "./intervals.ts";
import type { Test } from "./judge.ts";

export const POWER = 0.8;
export const MIN_SEEDS = 3;
/** Beyond this we stop searching: the answer is "more than the budget". */
const SEARCH_LIMIT = 200;

/**
 * Paired t design: smallest n (≥ MIN_SEEDS) with δ·√n / sd ≥ t(1 − α/2, n−1) + t(POWER', n−1), the usual
 * t approximation to the power of a two-sided 95 % interval. δ is the distance the interval must clear:
 * - superiority: the margin (the smallest effect that matters, assumed true);
 * - non-inferiority: the margin (true effect assumed 0);
 * - equivalence: the distance from the band's centre to its edges (true effect assumed at the centre;
 *   both ends must clear, so the power term uses 1 − (1 − POWER)/2).
 * Returns SEARCH_LIMIT + 1 when no n up to the limit suffices, NaN when sd is not finite.
 */
export function seedsForPairedT(sd: number, test: Test): number {
  if (!Number.isFinite(sd) || sd < 0) return NaN;
  const delta = test.kind === "equivalence" ? (test.upper - test.lower) / 2 : test.margin;
  if (!(delta > 0)) return NaN;
  const beta = test.kind === "equivalence" ? (1 - POWER) / 2 : 1 - POWER;
  for (let n = MIN_SEEDS; n <= SEARCH_LIMIT; n++) {
    const df = n - 1;
    if ((delta * Math.sqrt(n)) / sd >= tq(1 - (1 - LEVEL) / 2, df) + tq(1 - beta, df)) return n;
  }
  return SEARCH_LIMIT + 1;
}

const logChoose = (n: number, k: number): number => {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
  return s;
};

/** P(the Clopper–Pearson lower bound of k/n exceeds `nullShare`) when each trial succeeds with p. */
export function powerOfShare(n: number, p: number, nullShare: number): number {
  let power = 0;
  for (let k = 0; k <= n; k++) {
    if (clopperPearson(k, n).lo > nullShare) power += Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
  }
  return power;
}

/**
 * Win-share design (pairs judged win/lose, exact interval): smallest number of pairs whose Clopper–Pearson
 * lower bound clears `nullShare` with POWER when the true share is `p` (from the pilot, capped below 1 so
 * that a perfect pilot does not promise certainty).
 */
export function pairsForShare(p: number, nullShare: number, cap = 0.95): number {
  const q = Math.min(p, cap);
  if (!(q > nullShare)) return SEARCH_LIMIT + 1;
  for (let n = 1; n <= SEARCH_LIMIT; n++) if (powerOfShare(n, q, nullShare) >= POWER) return n;
  return SEARCH_LIMIT + 1;
}
